using System.Text.Json;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;
using Brook.TestSupport;

namespace Brook.Rest.Tests;

public sealed class JobVertexWatermarksHandlerTests
{
    private static ArchivedExecutionVertex Subtask(int index, ExecutionState state, long watermark)
    {
        var timestamps = new Dictionary<ExecutionState, long> { [ExecutionState.CREATED] = 1 };
        if (state != ExecutionState.CREATED) timestamps[ExecutionState.DEPLOYING] = 2;
        var metrics = new TaskMetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0) { CurrentInputWatermark = watermark };
        return new ArchivedExecutionVertex(index,
            new ArchivedExecution(ExecutionAttemptId.Generate(), 0, state, null, null, -1, -1, timestamps, metrics, null, []), []);
    }

    [Fact]
    public void Reports_each_deployed_subtasks_input_watermark_under_flinks_metric_id()
    {
        var id = JobVertexId.Generate();
        var vertex = new ArchivedExecutionJobVertex(id, "Window", 3, 128, [new OperatorId(id.Hex)], [],
        [
            Subtask(0, ExecutionState.RUNNING, 1_700_000_000_999),
            Subtask(1, ExecutionState.RUNNING, long.MinValue),
            Subtask(2, ExecutionState.CREATED, long.MinValue),
        ]);

        var body = JobVertexWatermarksHandler.Handle(vertex);

        Assert.Equal(
            [new Metric("0.currentInputWatermark", "1700000000999"), new Metric("1.currentInputWatermark", "-9223372036854775808")],
            body.Metrics);
        var json = JsonSerializer.Serialize(body, RestJsonContext.Default.MetricCollectionResponseBody);
        // Flink's wire: a bare array, as its dashboard reads it.
        Assert.Equal("""[{"id":"0.currentInputWatermark","value":"1700000000999"},{"id":"1.currentInputWatermark","value":"-9223372036854775808"}]""", json);
        OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/watermarks", 200, json);
    }

    [Fact]
    public void A_metric_without_a_value_leaves_value_out_and_the_array_reads_back()
    {
        var body = new MetricCollectionResponseBody([new Metric("a", null), new Metric("b", "2")]);
        var json = JsonSerializer.Serialize(body, RestJsonContext.Wire.MetricCollectionResponseBody);
        Assert.Equal("""[{"id":"a"},{"id":"b","value":"2"}]""", json);
        Assert.Equal(body.Metrics, JsonSerializer.Deserialize(json, RestJsonContext.Wire.MetricCollectionResponseBody)!.Metrics);
    }
}

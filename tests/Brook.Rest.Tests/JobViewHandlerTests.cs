using System.Text;
using System.Text.Json;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;
using Brook.TestSupport;

namespace Brook.Rest.Tests;

/// <summary>The job views are pure functions of a snapshot: these build snapshots by hand and check every figure and the wire shape.</summary>
public sealed class JobViewHandlerTests
{
    private const long Now = 10_000;
    private static readonly ResourceId Tm1 = ResourceId.Generate();
    private static readonly ResourceId Tm2 = ResourceId.Generate();
    private static readonly JobVertexId Source = JobVertexId.Generate();
    private static readonly JobVertexId Sink = JobVertexId.Generate();

    private static ArchivedExecution Running(int attempt, ResourceId tm, long deployed, TaskMetricsSnapshot metrics, params ArchivedAccumulator[] accumulators) =>
        new(ExecutionAttemptId.Generate(), attempt, ExecutionState.RUNNING, tm, tm == Tm1 ? "tm-1:0" : "tm-2:0", deployed, -1,
            new Dictionary<ExecutionState, long>
            {
                [ExecutionState.CREATED] = 1000, [ExecutionState.SCHEDULED] = 1000, [ExecutionState.DEPLOYING] = deployed,
                [ExecutionState.INITIALIZING] = deployed + 10, [ExecutionState.RUNNING] = deployed + 30,
            }, metrics, null, accumulators);

    private static ArchivedExecution Failed(int attempt, ResourceId tm) =>
        new(ExecutionAttemptId.Generate(), attempt, ExecutionState.FAILED, tm, "tm-1:0", 1100, 1500,
            new Dictionary<ExecutionState, long> { [ExecutionState.CREATED] = 1000, [ExecutionState.DEPLOYING] = 1100, [ExecutionState.RUNNING] = 1200, [ExecutionState.FAILED] = 1500 },
            new TaskMetricsSnapshot(0, 5, 0, 0, 1, 1, 1, 3), ErrorInfo.From(new InvalidOperationException("boom"), 1500, "Source (1/2)#0", tm), []);

    private static ExecutionGraphInfo Info(JobStatus status = JobStatus.RUNNING, IReadOnlyList<ErrorInfo>? history = null)
    {
        var source = new ArchivedExecutionJobVertex(Source, "Source: Sequence", 2, 128, [new OperatorId(Source.Hex)], [],
        [
            new ArchivedExecutionVertex(0, Running(0, Tm1, 2000, new TaskMetricsSnapshot(0, 100, 0, 0, 50, 20, 10, 80), new ArchivedAccumulator("seen", "LongCounter", 100L)), []),
            new ArchivedExecutionVertex(1, Running(1, Tm2, 2100, new TaskMetricsSnapshot(0, 60, 0, 0, 40, 30, 0, 70), new ArchivedAccumulator("seen", "LongCounter", 60L)), [Failed(0, Tm1)]),
        ]);
        var sink = new ArchivedExecutionJobVertex(Sink, "Sink: Print", 1, 128, [new OperatorId(Sink.Hex)],
            [new ArchivedJobInput(Source, new IntermediateDataSetId(JobVertexId.Generate().Hex), "REBALANCE")],
            [new ArchivedExecutionVertex(0, Running(0, Tm1, 2050, new TaskMetricsSnapshot(160, 0, 0, 0, 70, 10, 0, 80)), [])]);
        var graph = new ArchivedExecutionGraph(JobId.Generate(), "job", status, 1000, -1, Now - 1000, Now,
            new Dictionary<JobStatus, long> { [JobStatus.INITIALIZING] = 1000, [JobStatus.CREATED] = 1000, [JobStatus.RUNNING] = 1001 },
            [source, sink], history?.LastOrDefault(), history ?? [], [new ArchivedAccumulator("seen", "LongCounter", 160L)], 2);
        var plan = new JobPlanSnapshot(graph.JobId, "job",
            [new JobPlanVertex(Source, "Source: Sequence", 2, []), new JobPlanVertex(Sink, "Sink: Print", 1, [new JobPlanInput(Source, "REBALANCE")])]);
        return new ExecutionGraphInfo(graph, plan, new JobConfigSnapshot(2, false, "Restart deactivated.", new Dictionary<string, string> { ["k"] = "v" }));
    }

    private static void AssertWire<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string template) =>
        OpenApiValidator.Default.AssertMatches("GET", template, 200, JsonSerializer.Serialize(body, type));

    [Fact]
    public void Job_details_add_up_the_subtasks_counters_and_states()
    {
        var info = Info();
        var details = JobDetailsHandler.Details(info);
        Assert.Equal("RUNNING", details.State);
        Assert.Equal(Now - 1000, details.Duration);
        Assert.Equal(-1, details.EndTime);
        Assert.Equal(0, details.Timestamps["FINISHED"]);
        Assert.Equal(1001, details.Timestamps["RUNNING"]);
        Assert.Equal(Enum.GetValues<JobStatus>().Length, details.Timestamps.Count);
        var source = details.Vertices[0];
        Assert.Equal((160L, 0L), (source.Metrics.WriteRecords, source.Metrics.ReadRecords));
        Assert.Equal(90, source.Metrics.AccumulatedBusyTime);
        Assert.Equal(2, source.Tasks["RUNNING"]);
        Assert.Equal(2000, source.StartTime);
        Assert.Equal(Now - 2000, source.Duration);
        Assert.Equal(160L, details.Vertices[1].Metrics.ReadRecords);
        Assert.Equal(2, details.StatusCounts["RUNNING"]);
        Assert.Null(details.Plan.Nodes[0].Inputs);
        Assert.Equal(("REBALANCE", Source.Hex, "pipelined_bounded"), (details.Plan.Nodes[1].Inputs![0].ShipStrategy, details.Plan.Nodes[1].Inputs![0].Id,
            details.Plan.Nodes[1].Inputs![0].Exchange));
        AssertWire(details, RestJsonContext.Default.JobDetailsInfo, "/jobs/:jobid");
    }

    [Fact]
    public void Vertex_details_report_every_subtask_with_its_state_durations_and_aggregates()
    {
        var info = Info();
        var vertex = JobVertexHandlers.Details(info, JobVertexHandlers.VertexForDetails(info, Source));
        Assert.Equal(2, vertex.Subtasks.Count);
        var first = vertex.Subtasks[0];
        Assert.Equal("tm-1:0", first.Endpoint);
        Assert.Equal(Tm1.Hex, first.TaskManagerId);
        Assert.Equal(2000 - 1000, first.StatusDuration["SCHEDULED"]);
        Assert.Equal(10, first.StatusDuration["DEPLOYING"]);
        Assert.Equal(20, first.StatusDuration["INITIALIZING"]);
        Assert.Equal(Now - 2030, first.StatusDuration["RUNNING"]);
        Assert.Equal(0, first.StatusDuration["CREATED"]);
        var writes = vertex.Aggregated.Metrics["write-records"];
        Assert.Equal((60L, 100L, 160L, 80L), (writes["min"], writes["max"], writes["sum"], writes["avg"]));
        AssertWire(vertex, RestJsonContext.Default.JobVertexDetailsInfo, "/jobs/:jobid/vertices/:vertexid");

        var tms = JobVertexHandlers.TaskManagers(info, JobVertexHandlers.VertexForDetails(info, Source));
        Assert.Equal(["tm-1:0", "tm-2:0"], tms.TaskManagers.Select(t => t.Endpoint));
        Assert.Equal(100L, tms.TaskManagers[0].Metrics.WriteRecords);
        AssertWire(tms, RestJsonContext.Default.JobVertexTaskManagersInfo, "/jobs/:jobid/vertices/:vertexid/taskmanagers");

        var times = JobVertexHandlers.SubtaskTimes(info, JobVertexHandlers.Vertex(info, Sink));
        Assert.Equal(2080, times.Subtasks[0].Timestamps["RUNNING"]);
        Assert.Equal(0, times.Subtasks[0].Timestamps["FINISHED"]);
        AssertWire(times, RestJsonContext.Default.SubtasksTimesInfo, "/jobs/:jobid/vertices/:vertexid/subtasktimes");
    }

    [Fact]
    public void Subtasks_and_attempts_are_found_or_answer_flinks_404_texts()
    {
        var info = Info();
        var vertex = JobVertexHandlers.Vertex(info, Source);
        var subtask = JobVertexHandlers.Subtask(vertex, 1);
        Assert.Equal(ExecutionState.FAILED, JobVertexHandlers.Attempt(vertex, subtask, 0).State);
        Assert.Equal(ExecutionState.RUNNING, JobVertexHandlers.Attempt(vertex, subtask, 1).State);
        Assert.Equal("Attempt 2 not found in subtask Source: Sequence (2/2)",
            Assert.Throws<NotFoundException>(() => JobVertexHandlers.Attempt(vertex, subtask, 2)).Message);
        Assert.Equal($"Invalid subtask index for vertex {Source.Hex}", Assert.Throws<NotFoundException>(() => JobVertexHandlers.Subtask(vertex, 2)).Message);
        var unknown = JobVertexId.Generate();
        Assert.Equal($"No vertex with ID '{unknown.Hex}' exists.", Assert.Throws<NotFoundException>(() => JobVertexHandlers.Vertex(info, unknown)).Message);
        Assert.Equal($"JobVertex {unknown.Hex} not found", Assert.Throws<NotFoundException>(() => JobVertexHandlers.VertexForDetails(info, unknown)).Message);
        var notFound = FlinkJobNotFoundException.NotFound(info.Graph.JobId);
        Assert.StartsWith($"org.apache.flink.runtime.rest.NotFoundException: Job {info.Graph.JobId} not found\nCaused by: ", notFound.ToWireText());
        Assert.EndsWith($"Could not find Flink job ({info.Graph.JobId})", notFound.ToWireText());
    }

    [Fact]
    public void Accumulators_are_merged_per_vertex_and_listed_per_subtask()
    {
        var info = Info();
        var vertex = JobAccumulatorsHandler.Vertex(JobVertexHandlers.Vertex(info, Source));
        Assert.Equal(new UserAccumulator("seen", "LongCounter", "160"), Assert.Single(vertex.UserAccumulators));
        var subtasks = JobAccumulatorsHandler.Subtasks(JobVertexHandlers.Vertex(info, Source));
        Assert.Equal(["100", "60"], subtasks.Subtasks.Select(s => s.UserAccumulators.Single().Value));
        var job = JobAccumulatorsHandler.Job(info, includeSerializedValue: true);
        Assert.Equal(new UserAccumulator("seen", "LongCounter", "160"), Assert.Single(job.UserTaskAccumulators));
        Assert.Equal("160", Encoding.UTF8.GetString(Convert.FromBase64String(job.SerializedUserTaskAccumulators["seen"])));
        var plain = JobAccumulatorsHandler.Job(info, includeSerializedValue: false);
        Assert.Empty(plain.SerializedUserTaskAccumulators);
        // With includeSerializedValue Flink writes each value as a base64 string where its document says object; the plain form is checked.
        AssertWire(plain, RestJsonContext.Default.JobAccumulatorsInfo, "/jobs/:jobid/accumulators");
    }

    [Fact]
    public void Exceptions_come_newest_first_limited_and_filtered()
    {
        var history = new[] { ErrorInfo.From(new InvalidOperationException("first"), 1500, "a", Tm1), ErrorInfo.From(new TimeoutException("second"), 1600) };
        var info = Info(JobStatus.FAILED, history);
        var all = JobExceptionsHandler.Handle(info, null, []);
        Assert.Equal(["System.TimeoutException", "System.InvalidOperationException"], all.ExceptionHistory.Entries.Select(e => e.ExceptionName));
        Assert.Equal("tm-1:0", all.ExceptionHistory.Entries[1].Endpoint);
        Assert.False(all.ExceptionHistory.Truncated);
        var one = JobExceptionsHandler.Handle(info, 1, []);
        Assert.Equal("System.TimeoutException", Assert.Single(one.ExceptionHistory.Entries).ExceptionName);
        Assert.True(one.ExceptionHistory.Truncated);
        Assert.Empty(JobExceptionsHandler.Handle(info, null, [KeyValuePair.Create("type", "user")]).ExceptionHistory.Entries);
        Assert.Throws<FormatException>(() => JobExceptionsHandler.ParseLabel("no-colon"));
        AssertWire(all, RestJsonContext.Default.JobExceptionsInfoWithHistory, "/jobs/:jobid/exceptions");
    }

    [Fact]
    public void Failures_merged_into_one_restart_are_its_concurrent_exceptions()
    {
        var root = ErrorInfo.From(new InvalidOperationException("first"), 1500, "a (1/2) - execution #0", Tm1) with
        {
            ConcurrentExceptions = [ErrorInfo.From(new ArgumentException("merged"), 1550, "b (1/1) - execution #0", Tm1)],
        };
        var body = JobExceptionsHandler.Handle(Info(JobStatus.RESTARTING, [root]), null, []);

        var concurrent = Assert.Single(Assert.Single(body.ExceptionHistory.Entries).ConcurrentExceptions);
        Assert.Equal("System.ArgumentException", concurrent.ExceptionName);
        Assert.Equal("b (1/1) - execution #0", concurrent.TaskName);
        Assert.Equal(1550, concurrent.Timestamp);
        Assert.Equal("tm-1:0", concurrent.Endpoint);
        AssertWire(body, RestJsonContext.Default.JobExceptionsInfoWithHistory, "/jobs/:jobid/exceptions");
    }

    [Fact]
    public void The_execution_result_is_in_progress_until_the_job_ended()
    {
        Assert.Equal("IN_PROGRESS", JobDetailsHandler.ExecutionResult(Info()).Status.Id);
        Assert.Null(JobDetailsHandler.ExecutionResult(Info()).JobExecutionResult);
        var failed = JobDetailsHandler.ExecutionResult(Info(JobStatus.FAILED, [ErrorInfo.From(new InvalidOperationException("boom"), 1500)]));
        Assert.Equal("COMPLETED", failed.Status.Id);
        Assert.Equal("FAILED", failed.JobExecutionResult!.ApplicationStatus);
        Assert.Equal("System.InvalidOperationException", failed.JobExecutionResult.FailureCause!.Class);
        Assert.Contains("boom", failed.JobExecutionResult.FailureCause.StackTrace);
        var json = JsonSerializer.Serialize(failed, RestJsonContext.Default.JobExecutionResultResponseBody);
        OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/execution-result", 200, json);
        Assert.Contains("\"net-runtime\":9000", json);
        var config = JobDetailsHandler.Config(Info());
        Assert.Equal((2, "v"), (config.ExecutionConfig.JobParallelism, config.ExecutionConfig.UserConfig["k"]));
        AssertWire(config, RestJsonContext.Default.JobConfigInfo, "/jobs/:jobid/config");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>/datasets over a real cached result: listed while the TaskManagers keep it, released through the async-operation cache.</summary>
public sealed class ClusterDataSetEndToEndTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>
{
    private long ClusterBytes => fixture.Cluster.TaskExecutors.Sum(te => te.ClusterPartitionBytes);

    /// <summary>Runs a batch job that caches a result, on the cluster's Dispatcher; returns the cached data set's id.</summary>
    private async Task<IntermediateDataSetId> CacheAResultAsync()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2).SetRuntimeMode(RuntimeExecutionMode.BATCH);
        var cached = env.FromSequence(1, 3000).Map(x => x * 3).Cache();
        cached.SinkTo(new ActionSink<long>(_ => { }));
        var jobGraph = Runtime.JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("caches a result"));
        fixture.Cluster.Dispatcher.SubmitJob(jobGraph);
        var result = await fixture.Cluster.Dispatcher.RequestJobResult(jobGraph.JobId)!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Core.States.JobStatus.FINISHED, result.Status);
        return cached.DatasetId;
    }

    private async Task<JsonNode> DeleteAsync(string id)
    {
        var trigger = JsonNode.Parse(await fixture.SendAndValidateAsync(HttpMethod.Delete, $"/datasets/{id}", "/datasets/{datasetid}", HttpStatusCode.Accepted))!;
        var requestId = (string)trigger["request-id"]!;
        return await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/datasets/delete/{requestId}", "/datasets/delete/{triggerid}"),
            s => (string?)s["status"]!["id"] == "COMPLETED", $"release {requestId} to complete");
    }

    [Fact]
    public async Task A_cached_result_is_listed_and_its_release_frees_its_memory()
    {
        var dataSet = await CacheAResultAsync();
        var listed = await fixture.GetJsonAsync("/datasets", "/datasets");
        var entry = Assert.Single(listed["dataSets"]!.AsArray(), e => (string?)e!["id"] == dataSet.Hex)!;
        Assert.True((bool)entry["isComplete"]!);
        Assert.Equal(2, entry.AsObject().Count);
        Assert.True(ClusterBytes >= 3000 * 8, $"the cached result holds {ClusterBytes} bytes");

        var status = await DeleteAsync(dataSet.Hex);
        Assert.Equal("""{"status":{"id":"COMPLETED"},"operation":{}}""", status.ToJsonString());
        Assert.Equal(0, ClusterBytes);
        Assert.DoesNotContain((await fixture.GetJsonAsync("/datasets", "/datasets"))["dataSets"]!.AsArray(), e => (string?)e!["id"] == dataSet.Hex);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_answer_as_flink_does()
    {
        // Flink's ResourceManager completes the release of an unknown data set at once, successfully.
        var status = await DeleteAsync(new string('a', 32));
        Assert.Equal("""{"status":{"id":"COMPLETED"},"operation":{}}""", status.ToJsonString());

        var unknownTrigger = new string('c', 32);
        var (code, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/datasets/delete/{unknownTrigger}");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Contains($"Operation not found under key: OperationKey{{triggerId={unknownTrigger}}}", JobsClusterFixture.Errors(body));

        (code, body) = await fixture.SendJsonAsync(HttpMethod.Delete, "/datasets/not-a-data-set");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("Cannot resolve path parameter (datasetid)", JobsClusterFixture.Errors(body));

        (code, body) = await fixture.SendJsonAsync(HttpMethod.Get, "/datasets/delete/xyz");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("Cannot resolve path parameter (triggerid)", JobsClusterFixture.Errors(body));
    }
}

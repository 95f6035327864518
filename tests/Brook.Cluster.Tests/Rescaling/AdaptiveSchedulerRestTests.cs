using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Ids;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>
/// The adaptive scheduler through REST: GET/PUT /jobs/:jobid/resource-requirements on a running job while records flow
/// (the job follows new bounds up and down, exactly-once), Flink's validation texts for bad bounds, Flink's 500 for an
/// unknown job, and the dashboard's rescale feature turned on.
/// </summary>
public sealed class AdaptiveSchedulerRestTests(AdaptiveClusterFixture fixture) : IClassFixture<AdaptiveClusterFixture>
{
    private const string Requirements = "/jobs/:jobid/resource-requirements";
    private const string Rhe = "org.apache.flink.runtime.rest.handler.RestHandlerException: ";
    private static readonly TimeSpan Timeout = RescalingClusterFixture.Timeout;

    private async Task PutAsync(JobId job, IEnumerable<string> vertices, int lower, int upper) =>
        Assert.Equal("{}", await fixture.SendJsonAsync(HttpMethod.Put, $"/jobs/{job}/resource-requirements", Body(vertices, lower, upper)));

    private static string Body(IEnumerable<string> vertices, int lower, int upper) =>
        new JsonObject(vertices.Select(v => KeyValuePair.Create(v, (JsonNode?)JsonNode.Parse($"{{\"parallelism\":{{\"lowerBound\":{lower},\"upperBound\":{upper}}}}}")))).ToJsonString();

    private async Task<List<string>> VertexIdsAsync(JobId job) =>
        (await fixture.GetAsync($"/jobs/{job}", "/jobs/:jobid"))["vertices"]!.AsArray().Select(v => (string)v!["id"]!).ToList();

    [Fact]
    public async Task New_resource_requirements_rescale_the_running_job_up_and_down_with_exactly_once_output()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "requirements"), 12_000);
        var id = job.Submit(fixture, "rescaled through resource requirements", 2, 4_000, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 1_500, "records flowed", Timeout);
        var vertices = await VertexIdsAsync(id);

        var initial = await fixture.GetAsync($"/jobs/{id}/resource-requirements", Requirements);
        Assert.Equal(vertices.Order(), initial.AsObject().Select(kv => kv.Key).Order());
        Assert.All(initial.AsObject(), kv => Assert.Equal("{\"lowerBound\":1,\"upperBound\":2}", kv.Value!["parallelism"]!.ToJsonString()));

        await PutAsync(id, vertices, 1, 4);
        await fixture.Progress.UntilAsync(async () => (await fixture.VertexParallelismAsync(id)).Values.All(p => p == 4) && await fixture.JobStatusAsync(id) == "RUNNING",
            "the job runs at parallelism 4", Timeout);
        Assert.All((await fixture.GetAsync($"/jobs/{id}/resource-requirements", Requirements)).AsObject(),
            kv => Assert.Equal(4, (int)kv.Value!["parallelism"]!["upperBound"]!));

        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 1_500, "records flowed at parallelism 4", Timeout);
        await PutAsync(id, vertices, -1, 1);
        await fixture.Progress.UntilAsync(async () => (await fixture.VertexParallelismAsync(id)).Values.All(p => p == 1), "the job runs at parallelism 1", Timeout);

        await fixture.Progress.UntilAsync(async () => await fixture.JobStatusAsync(id) == "FINISHED", "the job finished", Timeout);
        var committed = job.Committed();
        var expected = job.Expected();
        var lost = CountingJob.Subtract(expected, committed);
        var duplicated = CountingJob.Subtract(committed, expected);
        Assert.True(lost.Count == 0 && duplicated.Count == 0,
            $"lost {lost.Count} [{string.Join(" ", lost.Take(10))}], duplicated {duplicated.Count} [{string.Join(" ", duplicated.Take(10))}]");
    }

    [Fact]
    public async Task Bad_bounds_are_refused_with_Flinks_validation_texts_and_an_unknown_job_answers_500()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "bounds"), long.MaxValue);
        var id = job.Submit(fixture, "bounds", 1, 500, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 50, "records flowed", Timeout);
        var vertices = await VertexIdsAsync(id);
        var url = $"/jobs/{id}/resource-requirements";
        var v0 = vertices[0];

        async Task<string> Refused(string body) => (await fixture.ErrorAsync(HttpMethod.Put, url, HttpStatusCode.BadRequest, body))[0]!.ToString();

        Assert.Equal(Rhe + string.Join(Environment.NewLine, vertices.Select(v => $"The requested lower bound [3] for job vertex [{v}] is higher than the upper bound [2].")),
            await Refused(Body(vertices, 3, 2)));
        Assert.Contains($"The newly requested parallelism 200 for the job vertex {v0} exceeds its maximum parallelism 128.", await Refused(Body(vertices, 1, 200)));
        Assert.Contains($"Both, the requested lower bound [0] and upper bound [2] for job vertex [{v0}] must be greater than zero.", await Refused(Body(vertices, 0, 2)));
        Assert.Equal(Rhe + string.Join(Environment.NewLine, vertices.Skip(1).Select(v => $"The request is incomplete, missing job vertex [{v}] resource requirements.")),
            await Refused(Body(vertices.Take(1), 1, 2)));
        var stranger = JobVertexId.Parse(new string('a', 32));
        Assert.Contains($"Job vertex [{stranger}] was not found in the JobGraph.", await Refused(Body([.. vertices, stranger.Hex], 1, 2)));
        Assert.Equal(Rhe + "Request did not match expected format JobResourceRequirementsBody.", await Refused(Body(["not-a-vertex"], 1, 2)));
        Assert.All(await fixture.VertexParallelismAsync(id), v => Assert.Equal(1, v.Value));

        var unknown = JobId.Generate();
        var errors = await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{unknown}/resource-requirements", HttpStatusCode.InternalServerError);
        Assert.Equal("Internal server error.", errors[0]!.ToString());
        Assert.Contains($"FlinkJobNotFoundException: Could not find Flink job ({unknown})", errors[1]!.ToString());
        fixture.Cluster.Dispatcher.CancelJob(id);
    }

    [Fact]
    public async Task A_PATCH_rescale_becomes_the_jobs_requirements_so_the_scheduler_keeps_it()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "patch-adaptive"), long.MaxValue);
        var id = job.Submit(fixture, "patched under the adaptive scheduler", 1, 500, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 50, "records flowed", Timeout);

        Assert.Equal("{}", (await fixture.RescaleCompletedAsync(id, await fixture.RescaleAsync(id, 3))).ToJsonString());
        Assert.All((await fixture.GetAsync($"/jobs/{id}/resource-requirements", Requirements)).AsObject(),
            kv => Assert.Equal("{\"lowerBound\":1,\"upperBound\":3}", kv.Value!["parallelism"]!.ToJsonString()));
        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 100, "records flow at parallelism 3", Timeout);
        Assert.All(await fixture.VertexParallelismAsync(id), v => Assert.Equal(3, v.Value));
        fixture.Cluster.Dispatcher.CancelJob(id);
    }

    [Fact]
    public async Task A_job_wider_than_the_cluster_starts_within_the_free_slots_and_grows_to_all_of_them()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "wide"), long.MaxValue);
        var id = job.Submit(fixture, "wider than the cluster", 8, 500, fixture.Progress);
        await fixture.Progress.UntilAsync(async () => await fixture.JobStatusAsync(id) == "RUNNING" && (await fixture.VertexParallelismAsync(id)).Values.All(p => p == 4),
            "the job runs on the cluster's 4 slots", Timeout);
        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 100, "records flow", Timeout);
        fixture.Cluster.Dispatcher.CancelJob(id);
    }

    [Fact]
    public async Task The_dashboard_is_told_it_can_rescale()
    {
        var config = await fixture.GetAsync("/config", "/config");
        Assert.True((bool)config["features"]!["web-rescale"]!);
    }
}

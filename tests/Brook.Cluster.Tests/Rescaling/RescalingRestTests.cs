using System.Net;
using Brook.Core.Ids;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>
/// PATCH /jobs/:jobid/rescaling on a running job while records flow: 2 → 4 → 1, each through a checkpoint, a
/// redeployment and a restore; the job views show the new parallelism, and the committed output is exactly-once.
/// Error answers: unknown job, missing or bad parallelism, unknown trigger, a finished job, too few slots.
/// </summary>
public sealed class RescalingRestTests(RescalingClusterFixture fixture) : IClassFixture<RescalingClusterFixture>
{
    private static readonly TimeSpan Timeout = RescalingClusterFixture.Timeout;

    [Fact]
    public async Task A_running_job_rescaled_up_and_down_through_PATCH_commits_every_record_and_every_keyed_count_exactly_once()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "patch"), 12_000);
        var id = job.Submit(fixture, "rescaled through PATCH", 2, 4_000, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 1_500, "records flowed", Timeout);

        var up = await fixture.RescaleAsync(id, 4);
        var operation = await fixture.RescaleCompletedAsync(id, up);
        Assert.Equal("{}", operation.ToJsonString());
        Assert.All(await fixture.VertexParallelismAsync(id), v => Assert.Equal(4, v.Value));
        Assert.All(await fixture.PlanParallelismAsync(id), p => Assert.Equal(4, p));

        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 1_500, "records flowed at parallelism 4", Timeout);
        var down = await fixture.RescaleAsync(id, 1);
        Assert.Equal("{}", (await fixture.RescaleCompletedAsync(id, down)).ToJsonString());
        Assert.All(await fixture.VertexParallelismAsync(id), v => Assert.Equal(1, v.Value));

        await fixture.Progress.UntilAsync(async () => await fixture.JobStatusAsync(id) == "FINISHED", "the job finished", Timeout);
        var committed = job.Committed();
        var expected = job.Expected();
        var lost = CountingJob.Subtract(expected, committed);
        var duplicated = CountingJob.Subtract(committed, expected);
        Assert.True(lost.Count == 0 && duplicated.Count == 0,
            $"lost {lost.Count} [{string.Join(" ", lost.Take(10))}], duplicated {duplicated.Count} [{string.Join(" ", duplicated.Take(10))}]");
    }

    [Fact]
    public async Task Rescaling_errors_answer_as_Flink_does()
    {
        var unknown = JobId.Generate();
        // As the ExecutionGraph-based handlers answer an unknown job: NotFoundException with the FlinkJobNotFoundException as cause.
        Assert.StartsWith($"org.apache.flink.runtime.rest.NotFoundException: Job {unknown} not found",
            (await fixture.ErrorAsync(HttpMethod.Patch, $"/jobs/{unknown}/rescaling?parallelism=2", HttpStatusCode.NotFound))[0]!.ToString());
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "errors"), 200);
        var id = job.Submit(fixture, "finishes at once", 1, 10_000, fixture.Progress);
        const string Rhe = "org.apache.flink.runtime.rest.handler.RestHandlerException: ";
        Assert.Equal(Rhe + "No new parallelism was specified.", (await fixture.ErrorAsync(HttpMethod.Patch, $"/jobs/{id}/rescaling", HttpStatusCode.BadRequest))[0]!.ToString());
        Assert.Equal(Rhe + "The parallelism must be a positive integer, but was 0.",
            (await fixture.ErrorAsync(HttpMethod.Patch, $"/jobs/{id}/rescaling?parallelism=0", HttpStatusCode.BadRequest))[0]!.ToString());
        await fixture.ErrorAsync(HttpMethod.Patch, $"/jobs/{id}/rescaling?parallelism=two", HttpStatusCode.BadRequest);
        var trigger = TriggerId.Generate();
        Assert.Equal($"org.apache.flink.runtime.rest.NotFoundException: Operation not found under key: AsynchronousJobOperationKey{{triggerId={trigger}, jobId={id}}}",
            (await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{id}/rescaling/{trigger}", HttpStatusCode.NotFound))[0]!.ToString());

        // A job that is no longer running: the operation completes with the cause.
        await fixture.Progress.UntilAsync(async () => await fixture.JobStatusAsync(id) == "FINISHED", "the job finished", Timeout);
        var failed = await fixture.RescaleCompletedAsync(id, await fixture.RescaleAsync(id, 2));
        Assert.Contains($"Job {id} cannot be rescaled: it has already reached the terminal state FINISHED.", (string)failed["failure-cause"]!["stack-trace"]!);
    }

    [Fact]
    public async Task A_rescale_beyond_the_free_slots_fails_with_the_cause_and_the_job_runs_on_unchanged()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "slots"), long.MaxValue);
        var id = job.Submit(fixture, "too few slots", 1, 2_000, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 200, "records flowed", Timeout);

        var failed = await fixture.RescaleCompletedAsync(id, await fixture.RescaleAsync(id, 16));
        Assert.Contains("Could not rescale job 'too few slots'", (string)failed["failure-cause"]!["stack-trace"]!);
        Assert.Equal("RUNNING", await fixture.JobStatusAsync(id));
        Assert.All(await fixture.VertexParallelismAsync(id), v => Assert.Equal(1, v.Value));
        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 200, "records flow on", Timeout);
        fixture.Cluster.Dispatcher.CancelJob(id);
    }

    [Fact]
    public async Task Under_the_default_scheduler_resource_requirements_answer_Flinks_500_and_the_dashboard_offers_no_rescale_dialog()
    {
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "default"), long.MaxValue);
        var id = job.Submit(fixture, "default scheduler", 1, 500, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 50, "records flowed", Timeout);

        var errors = await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{id}/resource-requirements", HttpStatusCode.InternalServerError);
        Assert.Contains("The DefaultScheduler does not support changing the parallelism without a job restart. This feature is currently only expected to work with the AdaptiveScheduler.",
            errors[1]!.ToString());
        Assert.False((bool)(await fixture.GetAsync("/config", "/config"))["features"]!["web-rescale"]!);
        fixture.Cluster.Dispatcher.CancelJob(id);
    }
}

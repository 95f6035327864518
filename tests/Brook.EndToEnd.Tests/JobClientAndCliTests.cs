using Brook.Cli;
using Brook.Client;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.EndToEnd.Tests;

/// <summary>The typed client and the `brook run/list/cancel` commands against a running cluster.</summary>
public sealed class JobClientAndCliTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>
{
    private const string FourVertices = "Brook.TestJobs.FourVertices";

    [Fact]
    public async Task The_typed_client_uploads_runs_follows_and_cancels_a_job()
    {
        var client = new BrookRestClient(fixture.Http);
        var upload = await client.UploadJarAsync(JobsClusterFixture.Package("Brook.TestJobs.jar"));
        var jarId = Path.GetFileName(upload.FileName);
        Assert.Contains((await client.ListJarsAsync()).Files, f => f.Id == jarId && f.Entry.Any(e => e.Name == FourVertices));
        var plan = await client.GetJarPlanAsync(jarId, new JarPlanRequestBody(FourVertices, ["100"], 2));
        Assert.Equal(4, plan.Plan.Nodes.Count);

        var jobId = await client.RunJarAsync(jarId, new JarRunRequestBody(FourVertices, ["100"], 2));
        var details = await client.GetJobDetailsAsync(jobId);
        Assert.Equal("FourVertices", details.Name);
        Assert.Equal(4, details.Vertices.Count);
        Assert.Contains((await client.GetJobsOverviewAsync()).Jobs, j => j.JobId == jobId.Hex);
        Assert.Equal("IN_PROGRESS", (await client.GetJobExecutionResultAsync(jobId)).Status.Id);

        await client.CancelJobAsync(jobId);
        await fixture.WaitForAsync(() => fixture.JobDetailsAsync(jobId.Hex), j => (string?)j["state"] == "CANCELED", "the job to be cancelled");
        var conflict = await Assert.ThrowsAsync<BrookRestException>(() => client.CancelJobAsync(jobId));
        Assert.Equal(409, conflict.Status);
        var unknown = await Assert.ThrowsAsync<BrookRestException>(() => client.CancelJobAsync(JobId.Generate()));
        Assert.Equal(404, unknown.Status);
        Assert.Equal("Job could not be found.", unknown.Errors[0].Split('\n')[0].Split(": ", 2)[1]);
    }

    [Fact]
    public async Task Brook_run_list_and_cancel_drive_a_job()
    {
        var address = $"{fixture.Cluster.RestAddress.Host}:{fixture.Cluster.RestAddress.Port}";
        var before = (await new BrookRestClient(fixture.Http).GetJobsOverviewAsync()).Jobs.Select(j => j.JobId).ToHashSet();
        var run = await BrookCommand.RunAsync(["run", JobsClusterFixture.Package("Brook.TestJobs.jar"), "-p", "2", "-c", FourVertices,
            "--jobmanager", address, "--", "100"]);
        Assert.Equal(0, run);
        var job = (await new BrookRestClient(fixture.Http).GetJobsOverviewAsync()).Jobs.Single(j => !before.Contains(j.JobId));
        Assert.Equal("FourVertices", job.Name);
        Assert.Equal(0, await BrookCommand.RunAsync(["list", "--jobmanager", address]));
        Assert.Equal(0, await BrookCommand.RunAsync(["cancel", job.JobId, "--jobmanager", address]));
        await fixture.WaitForAsync(() => fixture.JobDetailsAsync(job.JobId), j => (string?)j["state"] == "CANCELED", "the job to be cancelled");
        Assert.Equal(1, await BrookCommand.RunAsync(["cancel", job.JobId, "--jobmanager", address]));
        Assert.Equal(1, await BrookCommand.RunAsync(["cancel", "nonsense", "--jobmanager", address]));
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Brook.TestJobs;

using static Brook.Distributed.Tests.JobRuns;

namespace Brook.Distributed.Tests;

/// <summary>
/// Checkpoints of a job whose keyed state per subtask is larger than one RPC message (16 MiB) on TaskManager processes: each
/// task writes its state file into the checkpoint's directory itself and acknowledges with its handle, a TaskManager killed
/// with SIGKILL is recovered from on a spare one, whose tasks read the killed one's files, with exactly-once output, and
/// once the job finished nothing is left in the checkpoint directory.
/// </summary>
public sealed class TaskStateFileTests : IAsyncLifetime
{
    private const long SixteenMiB = 16L << 20;
    private static readonly TimeSpan JobTimeout = DistributedClusterFixture.JobTimeout;
    private readonly DistributedClusterFixture _processes = new() { SlotsPerTaskManager = [1, 1], ExtraJobManagerOptions = ["-Dslot.request.timeout=20s"] };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "brook-state-files-" + Guid.NewGuid().ToString("N"));
    private string _jarId = "";

    public async Task InitializeAsync()
    {
        await _processes.InitializeAsync();
        _jarId = await _processes.UploadTestJobsAsync();
    }

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task State_larger_than_an_rpc_message_is_checkpointed_as_files_and_restored_after_a_sigkill_exactly_once()
    {
        const long count = 7_200;
        var output = Path.Combine(_root, "out");
        var checkpoints = Path.Combine(_root, "checkpoints");
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["entryClass"] = "Brook.TestJobs.LargeStateCounts", ["parallelism"] = 2,
            ["programArgsList"] = new[] { output, count.ToString(CultureInfo.InvariantCulture), "480", checkpoints },
        });
        using var run = await _processes.Http.PostAsync($"/jars/{_jarId}/run", new StringContent(request, Encoding.UTF8, "application/json"));
        var runBody = await run.Content.ReadAsStringAsync();
        Assert.True(run.StatusCode == HttpStatusCode.OK, runBody);
        var jobId = JsonDocument.Parse(runBody).RootElement.GetProperty("jobid").GetString()!;
        var jobDirectory = Path.Combine(checkpoints, jobId);

        var job = await _processes.WaitForJobAsync(jobId, j => State(j) == "RUNNING" && j.GetProperty("vertices").EnumerateArray().All(v => v.GetProperty("status").GetString() == "RUNNING"),
            "run all its tasks");
        var keyed = job.GetProperty("vertices").EnumerateArray().Single(v => v.GetProperty("name").GetString()!.Contains("Count with ballast"));
        var keyedId = keyed.GetProperty("id").GetString()!;
        // The spare is up before the kill, which then comes right after the checkpoint, while the job still reads its input.
        var spare = await _processes.StartTaskManagerAsync(slots: 1);

        // A completed checkpoint whose output is committed; each keyed subtask's state is above one RPC message, in its own file.
        var (checkpointId, sizes) = await WaitForLargeCheckpointAsync(jobId, keyedId, output);
        Assert.All(sizes, s => Assert.True(s > SixteenMiB, $"subtask state of {s} bytes"));

        var victim = (await PlacementAsync(jobId, keyedId)).Single(p => p.Subtask == 1).TaskManager;
        Assert.Equal("RUNNING", State(await _processes.GetAsync($"/jobs/{jobId}", "/jobs/:jobid")));
        _processes.Started.First(t => t.Id == victim).Process.Signal(BrookProcess.SigKill);

        job = await _processes.WaitForJobAsync(jobId, j => State(j) is "FINISHED" or "FAILED" or "CANCELED", "end");
        Assert.True(State(job) == "FINISHED", job.ToString());
        var (lost, duplicated) = Compare(LargeStateCounts.ExpectedLines(count), CommittedLines(output));
        Assert.Equal((0, 0), (lost, duplicated));
        // It restored a checkpoint (of files the killed TaskManager wrote, read by the spare one's tasks).
        var stats = await _processes.GetAsync($"/jobs/{jobId}/checkpoints", "/jobs/:jobid/checkpoints");
        Assert.True(stats.GetProperty("latest").GetProperty("restored").ValueKind == JsonValueKind.Object, stats.ToString());
        Assert.True(stats.GetProperty("latest").GetProperty("restored").GetProperty("id").GetInt64() >= checkpointId, stats.ToString());
        Assert.Contains(await PlacementAsync(jobId, keyedId), p => p.TaskManager == spare.Id);
        // Nothing leaked: every checkpoint (completed, subsumed, aborted at the failover) went with its files, then the job's
        // directory. The JobMaster discards it as the job ends, which REST may show FINISHED just before.
        using (var cts = new CancellationTokenSource(DistributedClusterFixture.Patience))
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50)))
        {
            while (Directory.Exists(jobDirectory) && await Tick(timer, cts.Token))
            {
            }
        }
        Assert.False(Directory.Exists(jobDirectory), Directory.Exists(jobDirectory)
            ? string.Join(", ", Directory.EnumerateFileSystemEntries(jobDirectory, "*", SearchOption.AllDirectories)) : "");
    }

    /// <summary>Waits for a completed checkpoint on disk with committed output; its id and the keyed subtasks' state sizes (REST).</summary>
    private async Task<(long Id, IReadOnlyList<long> Sizes)> WaitForLargeCheckpointAsync(string jobId, string keyedId, string output)
    {
        using var cts = new CancellationTokenSource(JobTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        JsonElement stats = default;
        do
        {
            stats = await _processes.GetAsync($"/jobs/{jobId}/checkpoints", "/jobs/:jobid/checkpoints");
            if (stats.GetProperty("latest").GetProperty("completed") is { ValueKind: JsonValueKind.Object } completed && CommittedLines(output).Count > 0)
            {
                var id = completed.GetProperty("id").GetInt64();
                var subtasks = await _processes.GetAsync($"/jobs/{jobId}/checkpoints/details/{id}/subtasks/{keyedId}",
                    "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid", expected: HttpStatusCode.OK);
                var sizes = subtasks.GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("state_size").GetInt64()).ToList();
                return (id, sizes);
            }
        } while (await Tick(timer, cts.Token));
        Assert.Fail($"No checkpoint of job {jobId} completed with committed output within {JobTimeout}: {stats}\nJobManager:\n{_processes.JobManager.Output}");
        return default;
    }

    private async Task<List<(int Subtask, string TaskManager)>> PlacementAsync(string jobId, string vertexId)
    {
        var details = await _processes.GetAsync($"/jobs/{jobId}/vertices/{vertexId}", "/jobs/:jobid/vertices/:vertexid");
        return details.GetProperty("subtasks").EnumerateArray().Select(s => (s.GetProperty("subtask").GetInt32(), s.GetProperty("taskmanager-id").GetString()!)).ToList();
    }





}

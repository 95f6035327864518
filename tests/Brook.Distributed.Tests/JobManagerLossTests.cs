using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Brook.Cluster.Rpc;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;

namespace Brook.Distributed.Tests;

/// <summary>
/// A TaskManager whose JobManager process dies (SIGKILL: no cancellation is ever sent) cancels the tasks it runs, as Flink's
/// TaskExecutor does when it loses its JobManager: nobody would hear of them any more.
/// </summary>
public sealed partial class JobManagerLossTests : IAsyncLifetime
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "brook-jm-loss-" + Guid.NewGuid().ToString("N"));
    private BrookProcess _jobManager = null!;
    private TaskManagerRunner? _taskManager;

    public Task InitializeAsync()
    {
        _jobManager = BrookProcess.Start(["jobmanager", "-Drest.port=0", "-Drest.address=127.0.0.1", "-Djobmanager.rpc.address=127.0.0.1", "-Djobmanager.rpc.port=0",
            $"-Denv.log.dir={_logs}", .. DistributedClusterFixture.Heartbeats]);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_taskmanager_that_loses_its_jobmanager_cancels_its_tasks()
    {
        var running = await _jobManager.WaitForLineAsync(l => l.StartsWith("Brook JobManager running", StringComparison.Ordinal), DistributedClusterFixture.Patience);
        var m = JobManagerLine().Match(running);
        Assert.True(m.Success, running);
        using var http = new HttpClient { BaseAddress = new Uri(m.Groups["rest"].Value), Timeout = DistributedClusterFixture.Patience };
        _taskManager = await TaskManagerRunner.StartAsync(new Configuration()
            .SetRaw("jobmanager.rpc.address", "127.0.0.1")
            .Set(ClusterRpcOptions.JobManagerRpcPort, int.Parse(m.Groups["rpc"].Value))
            .SetRaw("taskmanager.host", "127.0.0.1")
            .SetRaw("heartbeat.interval", "200ms")
            .SetRaw("heartbeat.timeout", "3s")
            .SetRaw(CoreOptions.LogDir.Key, _logs));

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(TaskDeploymentTests.Cluster.Package("Brook.TestJobs.jar")));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
        form.Add(part, "jarfile", "Brook.TestJobs.jar");
        using var upload = await http.PostAsync("/jars/upload", form);
        var uploaded = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.OK, uploaded);
        var jarId = Path.GetFileName(JsonDocument.Parse(uploaded).RootElement.GetProperty("filename").GetString()!);
        // Four unchained vertices of an unbounded job at parallelism 1: four tasks in the TaskManager until someone stops them.
        using var run = await http.PostAsync($"/jars/{jarId}/run",
            new StringContent("""{"entryClass":"Brook.TestJobs.FourVertices","parallelism":1,"programArgsList":["100"]}""", Encoding.UTF8, "application/json"));
        var ran = await run.Content.ReadAsStringAsync();
        Assert.True(run.StatusCode == HttpStatusCode.OK, ran);
        var jobId = JsonDocument.Parse(ran).RootElement.GetProperty("jobid").GetString();

        if (!await UntilAsync(() => _taskManager.RunningTasks == 4))
        {
            Assert.Fail($"The four tasks did not run in the TaskManager ({_taskManager.RunningTasks} do): {await http.GetStringAsync($"/jobs/{jobId}")}\n" +
                        await http.GetStringAsync($"/jobs/{jobId}/exceptions"));
        }
        _jobManager.Signal(BrookProcess.SigKill);
        if (!await UntilAsync(() => _taskManager.RunningTasks == 0))
        {
            using var log = new FileStream(_taskManager.LogFiles.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Assert.Fail($"The TaskManager still runs {_taskManager.RunningTasks} tasks:\n{await new StreamReader(log).ReadToEndAsync()}");
        }
    }

    /// <summary>Checks the condition every 50 ms until it holds (true) or the patience ran out (false).</summary>
    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(DistributedClusterFixture.Patience);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (!condition()) await timer.WaitForNextTickAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        if (_taskManager is not null) await _taskManager.DisposeAsync();
        await _jobManager.DisposeAsync();
        if (Directory.Exists(_logs)) Directory.Delete(_logs, recursive: true);
    }

    [GeneratedRegex(@"REST API at (?<rest>http://\S+?), RPC endpoint at \S+:(?<rpc>\d+)\.")]
    private static partial Regex JobManagerLine();
}

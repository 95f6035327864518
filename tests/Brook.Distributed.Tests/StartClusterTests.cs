using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Brook.Distributed.Tests;

/// <summary>`brook start-cluster` / `brook stop-cluster`: background processes with pid files and log files, as Flink's scripts.</summary>
public sealed class StartClusterTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-start-cluster-" + Guid.NewGuid().ToString("N"));

    private string PidFile(string daemon) => Path.Combine(_dir, $"brook-{Environment.UserName}-{daemon}.pid");

    [Fact]
    public async Task Start_cluster_starts_a_jobmanager_and_taskmanagers_in_the_background_and_stop_cluster_stops_them()
    {
        var (rest, rpc) = (FreePort(), FreePort());
        string[] common = [$"-Denv.pid.dir={_dir}", $"-Denv.log.dir={Path.Combine(_dir, "log")}"];
        await using (var start = BrookProcess.Start(["start-cluster", "--taskmanagers", "1", .. common, $"-Drest.port={rest}", "-Djobmanager.rpc.address=127.0.0.1",
                         $"-Djobmanager.rpc.port={rpc}", "-Dtaskmanager.host=127.0.0.1", "-Dcluster.registration.error-delay=200ms"]))
        {
            await start.WaitForExitAsync(DistributedClusterFixture.Patience);
            Assert.True(start.ExitCode == 0, start.Output);
        }
        var jobManager = Assert.Single(Pids("standalonesession"));
        var taskManager = Assert.Single(Pids("taskexecutor"));
        Assert.True(IsAlive(jobManager) && IsAlive(taskManager));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}"), Timeout = DistributedClusterFixture.Patience };
        var tm = await PollAsync(async () =>
        {
            var body = JsonDocument.Parse(await http.GetStringAsync("/taskmanagers")).RootElement.GetProperty("taskmanagers");
            return body.GetArrayLength() == 1 ? body[0] : (JsonElement?)null;
        });
        var id = tm.GetProperty("id").GetString()!;
        var host = Environment.MachineName;
        Assert.True(File.Exists(Path.Combine(_dir, "log", $"brook-{Environment.UserName}-taskexecutor-0-{host}.log")));
        Assert.Contains($"Starting TaskManager {id}", await GetTextAsync(http, $"/taskmanagers/{id}/log"));
        Assert.Contains("Starting", await GetTextAsync(http, "/jobmanager/log"));

        await using (var stop = BrookProcess.Start(["stop-cluster", .. common]))
        {
            await stop.WaitForExitAsync(DistributedClusterFixture.Patience);
            Assert.True(stop.ExitCode == 0, stop.Output);
            Assert.Contains($"Stopping taskexecutor daemon (pid: {taskManager})", stop.Output);
            Assert.Contains($"Stopping standalonesession daemon (pid: {jobManager})", stop.Output);
        }
        Assert.False(IsAlive(jobManager));
        Assert.False(IsAlive(taskManager));
        Assert.False(File.Exists(PidFile("taskexecutor")));
        // Stopped with SIGTERM, the TaskManager said goodbye before the JobManager stopped.
        var jobManagerLog = await File.ReadAllTextAsync(Path.Combine(_dir, "log", $"brook-{Environment.UserName}-standalonesession-0-{host}.log"));
        Assert.Contains($"Dropped TaskManager {id}: TaskManager {id} shut down.", jobManagerLog);
    }

    /// <summary>The body of a 200 answer; otherwise fails with the answer and the JobManager's log, which say why.</summary>
    private async Task<string> GetTextAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var log = Directory.GetFiles(Path.Combine(_dir, "log"), "*standalonesession*.log").Select(File.ReadAllText).FirstOrDefault();
            Assert.Fail($"GET {url}: {(int)response.StatusCode} {body}\n{log}");
        }
        return body;
    }

    private IReadOnlyList<int> Pids(string daemon) =>
        File.Exists(PidFile(daemon)) ? File.ReadAllLines(PidFile(daemon)).Where(l => l.Length > 0).Select(int.Parse).ToList() : [];

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].StartsWith('Z');

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Asks again every 100 ms until the answer is there (the daemons' output goes to their log files, not to the test).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> ask) where T : struct
    {
        using var cts = new CancellationTokenSource(DistributedClusterFixture.Patience);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            try
            {
                if (await ask() is { } answer) return answer;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        } while (await timer.WaitForNextTickAsync(cts.Token));
        throw new InvalidOperationException("unreachable");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        // Whatever the test left running is stopped here, so a failed assertion leaves no daemon behind.
        foreach (var pid in Pids("taskexecutor").Concat(Pids("standalonesession")))
        {
            try
            {
                if (IsAlive(pid)) System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return Task.CompletedTask;
    }
}

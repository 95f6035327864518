using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Brook.TestSupport;

namespace Brook.Distributed.Tests;

/// <summary>
/// A `brook jobmanager` process and two `brook taskmanager` processes on 127.0.0.1 (ports chosen by the OS), with short
/// heartbeats so a silent TaskManager is noticed within the test's patience. Logs go to a private directory.
/// </summary>
public sealed partial class DistributedClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How long a test job on the processes may take to reach a state (a loaded machine included).</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Heartbeats every 200 ms; a peer silent for 3 s is dropped (long enough for a busy 2-core build machine).</summary>
    public static readonly string[] Heartbeats = ["-Dheartbeat.interval=200ms", "-Dheartbeat.timeout=3s"];

    private readonly List<BrookProcess> _extra = [];
    private readonly List<(BrookProcess Process, string Id)> _started = [];

    /// <summary>The slots of each TaskManager started at initialization.</summary>
    public int[] SlotsPerTaskManager { get; init; } = [2, 1];

    /// <summary>More -D options of the JobManager (a later one of the same key wins).</summary>
    public string[] ExtraJobManagerOptions { get; init; } = [];

    /// <summary>More -D options of every TaskManager (a later one of the same key wins).</summary>
    public string[] ExtraTaskManagerOptions { get; init; } = [];

    /// <summary>Every TaskManager process started so far, those of the initialization first.</summary>
    public IReadOnlyList<(BrookProcess Process, string Id)> Started
    {
        get
        {
            lock (_extra) return [.. _started];
        }
    }

    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "brook-distributed-" + Guid.NewGuid().ToString("N"));

    public BrookProcess JobManager { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public int RpcPort { get; private set; }

    public IReadOnlyList<(BrookProcess Process, string Id)> TaskManagers { get; private set; } = [];

    public async Task InitializeAsync()
    {
        JobManager = BrookProcess.Start(["jobmanager", "-Drest.port=0", "-Drest.address=127.0.0.1", "-Djobmanager.rpc.address=127.0.0.1", "-Djobmanager.rpc.port=0",
            "-Dslot.request.timeout=2s", $"-Denv.log.dir={LogDirectory}", .. Heartbeats, .. ExtraJobManagerOptions]);
        var running = await JobManager.WaitForLineAsync(l => l.StartsWith("Brook JobManager running", StringComparison.Ordinal), Patience);
        var m = JobManagerLine().Match(running);
        Assert.True(m.Success, running);
        Http = new HttpClient { BaseAddress = new Uri(m.Groups["rest"].Value), Timeout = Patience };
        RpcPort = int.Parse(m.Groups["rpc"].Value);
        var started = new List<(BrookProcess, string)>();
        foreach (var slots in SlotsPerTaskManager) started.Add(await StartTaskManagerAsync(slots));
        TaskManagers = started;
    }

    /// <summary>Starts a TaskManager process and waits until the JobManager has registered it; its id.</summary>
    public async Task<(BrookProcess Process, string Id)> StartTaskManagerAsync(int slots = 1, string? resourceId = null)
    {
        var skip = JobManager.LineCount;
        var args = new List<string>
        {
            "taskmanager", "-Djobmanager.rpc.address=127.0.0.1", $"-Djobmanager.rpc.port={RpcPort}", "-Dtaskmanager.host=127.0.0.1",
            $"-Dtaskmanager.numberOfTaskSlots={slots}", "-Dcluster.registration.error-delay=200ms", $"-Denv.log.dir={LogDirectory}",
        };
        args.AddRange(Heartbeats);
        args.AddRange(ExtraTaskManagerOptions);
        if (resourceId is not null) args.Add($"-Dtaskmanager.resource-id={resourceId}");
        var process = BrookProcess.Start([.. args]);
        lock (_extra) _extra.Add(process);
        var running = await process.WaitForLineAsync(l => l.StartsWith("Brook TaskManager ", StringComparison.Ordinal), Patience);
        var id = running.Split(' ')[2];
        await WaitForRegistrationAsync(id, skip);
        lock (_extra) _started.Add((process, id));
        return (process, id);
    }

    /// <summary>Waits until the JobManager logs the registration of TaskManager <paramref name="id"/> after its first <paramref name="skip"/> lines.</summary>
    public Task WaitForRegistrationAsync(string id, int skip) =>
        JobManager.WaitForLineAsync(l => l.Contains($"Registering TaskManager with ResourceID {id}", StringComparison.Ordinal), Patience, skip);

    public async Task<JsonElement> GetAsync(string url, string pathTemplate, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" }, response.Content.Headers.ContentType);
        OpenApiValidator.Default.AssertMatches("GET", pathTemplate, (int)expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>
    /// Waits until the ResourceManager has had a heartbeat of <paramref name="id"/> after its registration, i.e. its
    /// heartbeat stream is open (REST polling every 100 ms: the JobManager logs no line per heartbeat).
    /// </summary>
    public async Task WaitForHeartbeatAsync(string id)
    {
        async Task<long?> LastHeartbeat() =>
            (await GetAsync($"/taskmanagers/{id}", "/taskmanagers/:taskmanagerid")).GetProperty("timeSinceLastHeartbeat").GetInt64();
        // Two advances: a registration retried after the TaskManager's own attempt timed out also refreshes the time, but
        // only the heartbeat stream refreshes it again and again.
        var last = await LastHeartbeat();
        var advances = 0;
        using var cts = new CancellationTokenSource(Patience);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(cts.Token))
        {
            var now = await LastHeartbeat();
            if (now > last && ++advances == 2) return;
            last = now;
        }
    }

    /// <summary>Uploads the test jobs' package (Brook.TestJobs.jar) through POST /jars/upload; its jar id.</summary>
    public async Task<string> UploadTestJobsAsync()
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(TaskDeploymentTests.Cluster.Package("Brook.TestJobs.jar")));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
        form.Add(part, "jarfile", "Brook.TestJobs.jar");
        using var response = await Http.PostAsync("/jars/upload", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return Path.GetFileName(JsonDocument.Parse(body).RootElement.GetProperty("filename").GetString()!);
    }

    /// <summary>Reads /jobs/:jobid (schema-checked) until the condition holds; fails with the last body, the job's exceptions and the JobManager's output after the timeout.</summary>
    public async Task<JsonElement> WaitForJobAsync(string jobId, Func<JsonElement, bool> condition, string what, TimeSpan? within = null)
    {
        var timeout = within ?? JobTimeout;
        using var cts = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        JsonElement last;
        do
        {
            last = await GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
            if (condition(last)) return last;
        } while (await JobRuns.Tick(timer, cts.Token));
        var exceptions = await GetAsync($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions");
        Assert.Fail($"Job {jobId} did not {what} within {timeout}: {last}\nExceptions: {exceptions}\nJobManager:\n{JobManager.Output}");
        return last;
    }

    public async Task<IReadOnlyList<string>> TaskManagerIdsAsync() =>
        (await GetAsync("/taskmanagers", "/taskmanagers")).GetProperty("taskmanagers").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        List<BrookProcess> all;
        lock (_extra) all = [.. _extra];
        foreach (var p in all) await p.DisposeAsync();
        if (JobManager is not null) await JobManager.DisposeAsync();
        try
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex(@"REST API at (?<rest>http://\S+?), RPC endpoint at \S+:(?<rpc>\d+)\.")]
    private static partial Regex JobManagerLine();
}

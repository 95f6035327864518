using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Brook.TestJobs;
using Xunit.Abstractions;

namespace Brook.Distributed.Tests;

/// <summary>
/// A slow sink in one TaskManager process slows the source in the other, with flat memory (issue 13's test): the source
/// (one subtask) sends every record over TCP to a sink subtask in the other process that is held by a gate the test
/// opens. While held, what a user sees over REST from the real processes: the source's write-records stops below what
/// the network buffers can hold, its back pressure is "high", and neither process's resident memory grows; opened, the
/// job finishes with every record delivered once, in order.
/// </summary>
public sealed class BackpressureAcrossProcessesTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The data plane's settings, stated on the TaskManagers' command lines (Flink's defaults) so the bound follows from them.
    private const int SegmentSize = 32 * 1024;
    private const int BuffersPerChannel = 2;
    private const int FloatingBuffersPerGate = 8;
    private const int MaxBuffersPerChannel = 10;
    private const int RecordsPerBuffer = 1024;

    /// <summary>Records the job emits: 50 MB serialized, far beyond what the held exchange may buffer.</summary>
    private const long Count = 500_000;

    /// <summary>Resident memory either process may gain while the sink is held (what the records would take: 50 MB and more).</summary>
    private const long FlatMemoryBytes = 24L << 20;

    /// <summary>
    /// GC heap in use either process may have above its idle heap while held: the job's objects, 23 network buffers and
    /// garbage not yet collected; buffering the records would take 50 MB serialized, twice that as strings.
    /// </summary>
    private const long HeapAboveIdleBytes = 32L << 20;

    private readonly DistributedClusterFixture _processes = new()
    {
        SlotsPerTaskManager = [1, 1],
        // Every metric request refreshes the REST endpoint's store from the processes (the back pressure view).
        ExtraJobManagerOptions = ["-Dslot.request.timeout=20s", "-Dmetrics.fetcher.update-interval=0 ms"],
        ExtraTaskManagerOptions =
        [
            $"-Dtaskmanager.memory.segment-size={SegmentSize}b", $"-Dtaskmanager.network.memory.buffers-per-channel={BuffersPerChannel}",
            $"-Dtaskmanager.network.memory.floating-buffers-per-gate={FloatingBuffersPerGate}",
            $"-Dtaskmanager.network.memory.max-buffers-per-channel={MaxBuffersPerChannel}", $"-Dtaskmanager.network.records-per-buffer={RecordsPerBuffer}",
        ],
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "brook-bp-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return _processes.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// The most records the source can have written while the sink holds its first one: the full network buffers on both
    /// sides (the subpartition's max-buffers-per-channel and the one being filled, the channel's exclusive and the gate's
    /// floating buffers, two for events) at 100 bytes a record, plus the source's record batch being serialized, the sink's
    /// batch being processed and one more batch of slack.
    /// </summary>
    internal static long InFlightBound =>
        (MaxBuffersPerChannel + 1 + BuffersPerChannel + FloatingBuffersPerGate + 2) * (SegmentSize / BackpressureAcrossProcesses.RecordLength) + 3 * RecordsPerBuffer;

    [Fact]
    public async Task A_held_sink_in_one_taskmanager_process_backpressures_the_source_in_the_other_with_flat_memory()
    {
        Assert.True(InFlightBound * 20 < Count, "The bound must be far below what the source emits unthrottled.");
        var gatePath = Path.Combine(_directory, "gate");
        var output = Path.Combine(_directory, "out");
        using var gate = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        gate.Bind(new UnixDomainSocketEndPoint(gatePath));
        gate.Listen();
        var jarId = await _processes.UploadTestJobsAsync();
        // Before the job: each idle process's resident memory and GC heap.
        var before = _processes.TaskManagers.ToDictionary(t => t.Id, t => ResidentBytes(t.Process.Pid));
        var heapBefore = new Dictionary<string, long>();
        foreach (var (_, id) in _processes.TaskManagers) heapBefore[id] = await HeapUsedAsync(id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var jobId = await RunAsync(jarId, gatePath, output);

        // The sink subtask has its first record and is now held.
        using var held = await gate.AcceptAsync().WaitAsync(Patience);
        var subtask = new byte[1];
        Assert.Equal(1, await held.ReceiveAsync(subtask, SocketFlags.None).WaitAsync(Patience));
        Assert.Equal(1, subtask[0]);

        log.WriteLine($"{clock.ElapsedMilliseconds} ms: the sink holds its first record");
        var job = await _processes.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        var source = VertexId(job, "Records");
        var sink = VertexId(job, "Held sink");
        var producer = await TaskManagerOfAsync(jobId, source, 0);
        var consumer = await TaskManagerOfAsync(jobId, sink, 1);
        Assert.NotEqual(producer, consumer);
        var producerPid = _processes.Started.Single(t => t.Id == producer).Process.Pid;
        var consumerPid = _processes.Started.Single(t => t.Id == consumer).Process.Pid;

        // Back pressure as the web UI shows it, measured in the producer's process.
        await PollAsync(async () =>
        {
            var bp = await _processes.GetAsync($"/jobs/{jobId}/vertices/{source}/backpressure", "/jobs/:jobid/vertices/:vertexid/backpressure");
            return bp.GetProperty("status").GetString() == "ok" && bp.GetProperty("backpressure-level").GetString() == "high";
        }, "the source reports high back pressure");

        log.WriteLine($"{clock.ElapsedMilliseconds} ms: back pressure high");
        // Held for another second of back-pressured time as the producer reports it, sampling what a user would watch.
        var samples = new List<(long Written, long BackPressuredMs, long ProducerRss, long ConsumerRss, long ProducerHeap, long ConsumerHeap)>();
        await PollAsync(async () =>
        {
            var metrics = Metrics(await _processes.GetAsync($"/jobs/{jobId}", "/jobs/:jobid"), source);
            samples.Add((metrics.GetProperty("write-records").GetInt64(), metrics.GetProperty("accumulated-backpressured-time").GetInt64(),
                ResidentBytes(producerPid), ResidentBytes(consumerPid), await HeapUsedAsync(producer), await HeapUsedAsync(consumer)));
            return samples[^1].BackPressuredMs >= samples[0].BackPressuredMs + 1000;
        }, "the source stays back pressured for another second");
        var summary = string.Join("\n", samples.Select(s => $"written {s.Written}, back pressured {s.BackPressuredMs} ms, RSS {s.ProducerRss >> 20} / {s.ConsumerRss >> 20} MiB, heap {s.ProducerHeap >> 20} / {s.ConsumerHeap >> 20} MiB"));
        log.WriteLine($"In-flight bound {InFlightBound} records; RSS before the job {before[producer] >> 20} / {before[consumer] >> 20} MiB, heap {heapBefore[producer] >> 20} / {heapBefore[consumer] >> 20} MiB; while held:\n{summary}");
        Assert.True(samples.All(s => s.Written > 0 && s.Written <= InFlightBound) && samples[^1].Written == samples[0].Written,
            $"The source's write-records should stop below {InFlightBound}:\n{summary}");
        Assert.True(samples.Max(s => s.ProducerRss) - samples.Min(s => s.ProducerRss) <= FlatMemoryBytes, $"The producer's memory should stay flat:\n{summary}");
        Assert.True(samples.Max(s => s.ConsumerRss) - samples.Min(s => s.ConsumerRss) <= FlatMemoryBytes, $"The consumer's memory should stay flat:\n{summary}");
        Assert.True(samples.Max(s => s.ProducerHeap) <= heapBefore[producer] + HeapAboveIdleBytes, $"The producer's heap should stay near its idle size:\n{summary}");
        Assert.True(samples.Max(s => s.ConsumerHeap) <= heapBefore[consumer] + HeapAboveIdleBytes, $"The consumer's heap should stay near its idle size:\n{summary}");

        // Opened, the job finishes and the sink wrote every record once, in order.
        await held.SendAsync(new byte[] { 1 });
        job = await WaitForEndAsync(jobId);
        log.WriteLine($"{clock.ElapsedMilliseconds} ms: the job ended");
        Assert.True(job.GetProperty("state").GetString() == "FINISHED", job.ToString());
        Assert.Equal(Count, Metrics(job, source).GetProperty("write-records").GetInt64());
        Assert.Equal(Count, Metrics(job, sink).GetProperty("read-records").GetInt64());
        Assert.Equal(["part-1"], Directory.GetFiles(output).Select(Path.GetFileName));
        long expected = 0;
        foreach (var line in File.ReadLines(Path.Combine(output, "part-1")))
        {
            Assert.Equal(expected, long.Parse(line, CultureInfo.InvariantCulture));
            expected++;
        }
        Assert.Equal(Count, expected);
    }

    private async Task<string> RunAsync(string jarId, string gatePath, string output)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["entryClass"] = "Brook.TestJobs.BackpressureAcrossProcesses",
            ["parallelism"] = 2,
            ["programArgsList"] = new[] { gatePath, Count.ToString(CultureInfo.InvariantCulture), output },
        });
        using var response = await _processes.Http.PostAsync($"/jars/{jarId}/run", new StringContent(request, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"run answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("jobid").GetString()!;
    }

    private static string VertexId(JsonElement job, string name) =>
        job.GetProperty("vertices").EnumerateArray().Single(v => v.GetProperty("name").GetString()!.Contains(name, StringComparison.Ordinal)).GetProperty("id").GetString()!;

    private static JsonElement Metrics(JsonElement job, string vertexId) =>
        job.GetProperty("vertices").EnumerateArray().Single(v => v.GetProperty("id").GetString() == vertexId).GetProperty("metrics");

    private async Task<string> TaskManagerOfAsync(string jobId, string vertexId, int subtask)
    {
        var details = await _processes.GetAsync($"/jobs/{jobId}/vertices/{vertexId}", "/jobs/:jobid/vertices/:vertexid");
        return details.GetProperty("subtasks").EnumerateArray().Single(s => s.GetProperty("subtask").GetInt32() == subtask).GetProperty("taskmanager-id").GetString()!;
    }

    private async Task<JsonElement> WaitForEndAsync(string jobId)
    {
        JsonElement job = default;
        await PollAsync(async () =>
        {
            job = await _processes.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
            return job.GetProperty("state").GetString() is "FINISHED" or "FAILED" or "CANCELED";
        }, "end");
        return job;
    }

    /// <summary>Checks the condition every 100 ms until it holds; fails after the patience.</summary>
    private async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(Patience);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            try
            {
                await timer.WaitForNextTickAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting until {what}.\nJobManager:\n{_processes.JobManager.Output}");
            }
        }
    }

    /// <summary>The TaskManager process's GC heap in use (Status.JVM.Memory.Heap.Used), as its metrics REST endpoint reports it.</summary>
    private async Task<long> HeapUsedAsync(string taskManager)
    {
        var metrics = await _processes.GetAsync($"/taskmanagers/{taskManager}/metrics?get=Status.JVM.Memory.Heap.Used", "/taskmanagers/:taskmanagerid/metrics");
        return long.Parse(metrics.EnumerateArray().Single().GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>The process's resident set (VmRSS in /proc/pid/status), in bytes.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}

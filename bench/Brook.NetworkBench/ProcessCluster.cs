using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Brook.NetworkBench;

/// <summary>
/// A `brook jobmanager` process and TaskManager processes of one slot each on 127.0.0.1, started from the CLI built next to
/// the bench (its project references Brook.Cli), as the distributed tests start them. Jobs go in as packages over REST;
/// every figure is read over REST or from /proc of the processes. Disposing kills the processes it started.
/// </summary>
internal sealed partial class ProcessCluster : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<Process> _processes = [];
    private readonly string _logDirectory = Path.Combine(Path.GetTempPath(), "brook-networkbench-" + Guid.NewGuid().ToString("N"));

    private ProcessCluster()
    {
    }

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The JobManager's and every TaskManager's process id.</summary>
    public IReadOnlyList<int> Pids => _processes.Select(p => p.Id).ToList();

    public static async Task<ProcessCluster> StartAsync(int taskManagers, params string[] options)
    {
        var cluster = new ProcessCluster();
        try
        {
            var running = await cluster.StartAsync(["jobmanager", "-Drest.port=0", "-Drest.address=127.0.0.1", "-Djobmanager.rpc.address=127.0.0.1",
                "-Djobmanager.rpc.port=0", $"-Denv.log.dir={cluster._logDirectory}", .. options], "Brook JobManager running");
            var m = JobManagerLine().Match(running);
            if (!m.Success) throw new InvalidOperationException($"Unexpected JobManager line: {running}");
            cluster.Http = new HttpClient { BaseAddress = new Uri(m.Groups["rest"].Value), Timeout = Patience };
            for (var i = 0; i < taskManagers; i++)
            {
                await cluster.StartAsync(["taskmanager", "-Djobmanager.rpc.address=127.0.0.1", $"-Djobmanager.rpc.port={m.Groups["rpc"].Value}",
                    "-Dtaskmanager.host=127.0.0.1", "-Dtaskmanager.numberOfTaskSlots=1", $"-Denv.log.dir={cluster._logDirectory}", .. options], "Brook TaskManager ");
            }
            await cluster.PollAsync(async () => (await cluster.GetAsync("/taskmanagers")).GetProperty("taskmanagers").GetArrayLength() == taskManagers,
                "the TaskManagers registered");
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private async Task<string> StartAsync(string[] args, string runningPrefix)
    {
        var brook = Path.Combine(AppContext.BaseDirectory, "brook.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(brook);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        var running = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.StartsWith(runningPrefix, StringComparison.Ordinal)) running.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (output) output.AppendLine(e.Data);
        };
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(running.Task, exited).WaitAsync(Patience);
        if (first != running.Task)
        {
            lock (output) throw new InvalidOperationException($"{args[0]} exited before it ran:\n{output}");
        }
        return await running.Task;
    }

    public async Task<string> UploadAsync(string package)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(package));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
        form.Add(part, "jarfile", Path.GetFileName(package));
        using var response = await Http.PostAsync("/jars/upload", form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {body}");
        return Path.GetFileName(JsonDocument.Parse(body).RootElement.GetProperty("filename").GetString()!);
    }

    /// <summary>
    /// Runs a job from the package and waits for it to finish: the records the sink vertex read, the bytes the source vertex
    /// wrote to the network, the time from the first source subtask RUNNING to the last sink subtask FINISHED (the subtasks'
    /// state timestamps), the job's duration, and the CPU time of each process from the submission to the end and from the
    /// poll that first saw every vertex RUNNING to the end.
    /// </summary>
    public async Task<ProcessJobRun> RunAsync(string jarId, string entryClass, int parallelism, params string[] args)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, object> { ["entryClass"] = entryClass, ["parallelism"] = parallelism, ["programArgsList"] = args });
        var cpuBefore = CpuTime();
        using var response = await Http.PostAsync($"/jars/{jarId}/run", new StringContent(request, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Run answered {(int)response.StatusCode}: {body}");
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("jobid").GetString()!;
        JsonElement job = default;
        TimeSpan[]? cpuRunning = null;
        await PollAsync(async () =>
        {
            job = await GetAsync($"/jobs/{jobId}");
            if (cpuRunning is null && job.GetProperty("vertices").EnumerateArray().All(v => v.GetProperty("status").GetString() == "RUNNING")) cpuRunning = CpuTime();
            return job.GetProperty("state").GetString() is "FINISHED" or "FAILED" or "CANCELED";
        }, $"job {jobId} ended");
        var cpuAfter = CpuTime();
        static double[] Between(TimeSpan[] from, TimeSpan[] to) => to.Zip(from, (a, b) => (a - b).TotalSeconds).ToArray();
        if (job.GetProperty("state").GetString() != "FINISHED") throw new InvalidOperationException($"Job {jobId} did not finish: {job}");

        var vertices = job.GetProperty("vertices").EnumerateArray().ToList();
        var (source, sink) = (vertices[0], vertices[^1]);
        long firstRunning = long.MaxValue, lastFinished = 0;
        foreach (var (vertex, state) in new[] { (source, "RUNNING"), (sink, "FINISHED") })
        {
            var id = vertex.GetProperty("id").GetString()!;
            var taskManagers = new HashSet<string>();
            foreach (var s in (await GetAsync($"/jobs/{jobId}/vertices/{id}")).GetProperty("subtasks").EnumerateArray()) taskManagers.Add(s.GetProperty("taskmanager-id").GetString()!);
            if (taskManagers.Count != parallelism) throw new InvalidOperationException($"Vertex {vertex.GetProperty("name")} did not spread over {parallelism} TaskManagers.");
            foreach (var s in (await GetAsync($"/jobs/{jobId}/vertices/{id}/subtasktimes")).GetProperty("subtasks").EnumerateArray())
            {
                var t = s.GetProperty("timestamps").GetProperty(state).GetInt64();
                if (state == "RUNNING") firstRunning = Math.Min(firstRunning, t);
                else lastFinished = Math.Max(lastFinished, t);
            }
        }
        return new ProcessJobRun(sink.GetProperty("metrics").GetProperty("read-records").GetInt64(), source.GetProperty("metrics").GetProperty("write-bytes").GetInt64(),
            (lastFinished - firstRunning) / 1000.0, job.GetProperty("duration").GetInt64() / 1000.0, Between(cpuBefore, cpuAfter), Between(cpuRunning ?? cpuBefore, cpuAfter));
    }

    /// <summary>The CPU time (user and system) of each process so far, as /proc/pid/stat has it (Process reads it there on Linux).</summary>
    private TimeSpan[] CpuTime() => _processes.Select(p =>
    {
        p.Refresh();
        return p.TotalProcessorTime;
    }).ToArray();

    private async Task<JsonElement> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Checks the condition every 50 ms (few REST calls next to the job's work) until it holds.</summary>
    private async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            if (!await timer.WaitForNextTickAsync(cts.Token)) throw new TimeoutException($"Timed out waiting until {what}.");
        }
    }

    public void Dispose()
    {
        Http?.Dispose();
        // TaskManagers first, as stop-cluster does.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var p = _processes[i];
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            p.Dispose();
        }
        if (Directory.Exists(_logDirectory)) Directory.Delete(_logDirectory, recursive: true);
    }

    [GeneratedRegex(@"REST API at (?<rest>http://\S+?), RPC endpoint at \S+:(?<rpc>\d+)\.")]
    private static partial Regex JobManagerLine();
}

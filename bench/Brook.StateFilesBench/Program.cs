using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// Checkpoints of a job on a TaskManager process, state inline in the acknowledgement (state.storage.fs.memory-threshold above
// the state: the JobManager receives it and writes the state file) against state handles (threshold 0: the TaskManager writes
// the file, the JobManager receives its path and size). One JobManager and one TaskManager process (one slot), parallelism 1;
// per case a fresh job (LargeStateCounts: 48 keys, a ballast per key), checkpoints every 400 ms into a directory under /tmp.
// Figures per case over the checkpoints after a warm-up: end-to-end duration (REST), and the bytes the JobManager's RPC
// endpoint received per completed checkpoint (the kernel's tcp_info bytes_received of its connections, read with `ss`;
// heartbeats and task metric reports included, the REST port not).
var measured = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var root = Path.Combine(Path.GetTempPath(), "brook-statefiles-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
var brook = Path.Combine(AppContext.BaseDirectory, "brook.dll");
var package = FindPackage("Brook.TestJobs.jar");

using var jm = Start(brook, "jobmanager", "-Drest.port=0", "-Drest.address=127.0.0.1", "-Djobmanager.rpc.address=127.0.0.1", "-Djobmanager.rpc.port=0",
    $"-Denv.log.dir={Path.Combine(root, "log")}");
var running = jm.WaitFor(l => l.StartsWith("Brook JobManager running", StringComparison.Ordinal));
var m = Regex.Match(running, @"REST API at (?<rest>http://\S+?), RPC endpoint at \S+:(?<rpc>\d+)\.");
var rpcPort = m.Groups["rpc"].Value;
using var http = new HttpClient { BaseAddress = new Uri(m.Groups["rest"].Value), Timeout = TimeSpan.FromMinutes(2) };
using var tm = Start(brook, "taskmanager", "-Djobmanager.rpc.address=127.0.0.1", $"-Djobmanager.rpc.port={m.Groups["rpc"].Value}", "-Dtaskmanager.host=127.0.0.1",
    "-Dtaskmanager.numberOfTaskSlots=1", $"-Denv.log.dir={Path.Combine(root, "log")}");
while (Json(await http.GetStringAsync("/taskmanagers")).GetProperty("taskmanagers").GetArrayLength() < 1) await Task.Delay(100);

using var form = new MultipartFormDataContent();
var part = new ByteArrayContent(await File.ReadAllBytesAsync(package));
part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
form.Add(part, "jarfile", "Brook.TestJobs.jar");
var jarId = Path.GetFileName(Json(await (await http.PostAsync("/jars/upload", form)).Content.ReadAsStringAsync()).GetProperty("filename").GetString()!);

Console.WriteLine($"Processors: {Environment.ProcessorCount}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| Case | state per checkpoint | checkpoints | end-to-end p50 ms | mean ms | max ms | JobManager RPC bytes received per checkpoint |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var results = new List<(string Name, double P50, double Bytes)>();
foreach (var (name, ballast, threshold) in new[]
         {
             ("inline (threshold 16m)", 160 << 10, "16m"), ("handles (threshold 0)", 160 << 10, "0"),
             ("inline (threshold 16m)", 160 << 10, "16m"), ("handles (threshold 0)", 160 << 10, "0"),
             ("handles (threshold 0)", 1 << 20, "0"),
         })
{
    var r = await RunCase(name, ballast, threshold);
    results.Add((name + (ballast == 1 << 20 ? " 48 MiB" : ""), r.P50, r.Bytes));
}
var inline = results.Where(r => r.Name.StartsWith("inline", StringComparison.Ordinal) && !r.Name.EndsWith("MiB", StringComparison.Ordinal)).ToList();
var handles = results.Where(r => r.Name.StartsWith("handles", StringComparison.Ordinal) && !r.Name.EndsWith("MiB", StringComparison.Ordinal)).ToList();
Console.WriteLine();
Console.WriteLine($"handles / inline, same state: end-to-end p50 {handles.Average(h => h.P50) / inline.Average(i => i.P50):F2}x, " +
                  $"JobManager RPC bytes received per checkpoint {handles.Average(h => h.Bytes) / inline.Average(i => i.Bytes):F5}x");
Directory.Delete(root, recursive: true);
return;

async Task<(double P50, double Bytes)> RunCase(string name, int ballast, string threshold)
{
    var body = JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["entryClass"] = "Brook.TestJobs.LargeStateCounts", ["parallelism"] = 1,
        ["programArgsList"] = new[] { Path.Combine(root, "out-" + Guid.NewGuid().ToString("N")), "100000000", "2000", Path.Combine(root, "checkpoints"),
            ballast.ToString(CultureInfo.InvariantCulture) },
        ["flinkConfiguration"] = new Dictionary<string, string> { ["state.storage.fs.memory-threshold"] = threshold, ["web.checkpoints.history"] = "100" },
    });
    var run = await http.PostAsync($"/jars/{jarId}/run", new StringContent(body, Encoding.UTF8, "application/json"));
    var jobId = Json(await run.Content.ReadAsStringAsync()).GetProperty("jobid").GetString()!;
    // Warm-up: three checkpoints after every key holds its ballast.
    var start = await WaitForCompleted(jobId, 3);
    var rcharStart = RpcBytesReceived(rpcPort);
    var end = await WaitForCompleted(jobId, start.Completed + measured);
    var rcharEnd = RpcBytesReceived(rpcPort);
    var history = end.Stats.GetProperty("history").EnumerateArray()
        .Where(h => h.GetProperty("status").GetString() == "COMPLETED" && h.GetProperty("id").GetInt64() > start.LatestId && h.GetProperty("id").GetInt64() <= end.LatestId)
        .ToList();
    var durations = history.Select(h => (double)h.GetProperty("end_to_end_duration").GetInt64()).Order().ToList();
    var size = history.Average(h => h.GetProperty("state_size").GetInt64());
    var bytesPerCheckpoint = (rcharEnd - rcharStart) / (double)(end.Completed - start.Completed);
    Console.WriteLine($"| {name} | {size / (1 << 20):F1} MiB | {durations.Count} | {durations[durations.Count / 2]:F0} | {durations.Average():F0} | {durations[^1]:F0} | {bytesPerCheckpoint:N0} |");
    await http.PatchAsync($"/jobs/{jobId}?mode=cancel", null);
    while (Json(await http.GetStringAsync($"/jobs/{jobId}")).GetProperty("state").GetString() != "CANCELED") await Task.Delay(100);
    return (durations[durations.Count / 2], bytesPerCheckpoint);
}

async Task<(long Completed, long LatestId, JsonElement Stats)> WaitForCompleted(string jobId, long atLeast)
{
    while (true)
    {
        var stats = Json(await http.GetStringAsync($"/jobs/{jobId}/checkpoints"));
        var completed = stats.GetProperty("counts").GetProperty("completed").GetInt64();
        if (completed >= atLeast) return (completed, stats.GetProperty("latest").GetProperty("completed").GetProperty("id").GetInt64(), stats);
        // Polled once a second: the polls' bytes are part of the JobManager's reads.
        await Task.Delay(1000);
    }
}

static long RpcBytesReceived(string port)
{
    var ss = Process.Start(new ProcessStartInfo("ss", ["-tin", "state", "established", $"( sport = :{port} )"]) { RedirectStandardOutput = true })!;
    var text = ss.StandardOutput.ReadToEnd();
    ss.WaitForExit();
    return Regex.Matches(text, @"bytes_received:(\d+)").Sum(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
}

static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

static string FindPackage(string name)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException($"{name} not found in artifacts/packages above {AppContext.BaseDirectory}.");
}

static BrookProcess Start(string brook, params string[] args) => BrookProcess.Start(brook, args);

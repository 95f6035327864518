using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Cluster;
using Brook.Core.Configuration;

// Jobs through REST, measured on an in-process local cluster (2 TaskManagers x 2 slots):
//  1. time from POST /jars/:jarid/run to every subtask RUNNING, WordCount at parallelism 4 (GET /jobs/:jobid polled back to back);
//  2. GET /jobs/:jobid requests per second while a 4-vertex job runs at parallelism 4, against GET /config in the same run.
// Usage: dotnet run -c Release --project bench/Brook.JobsBench [runs] [seconds]
var runs = args.Length > 0 ? int.Parse(args[0]) : 9;
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var report = Console.Out;
// The jobs print their records; the figures are what this program reports.
Console.SetOut(TextWriter.Null);

var logDir = Path.Combine(Path.GetTempPath(), "brook-jobsbench-" + Guid.NewGuid().ToString("N"));
var config = new Configuration().Set(CoreOptions.RestPort, 0).Set(CoreOptions.NumberOfTaskSlots, 2).SetRaw(CoreOptions.LogDir.Key, logDir);
await using var cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 2));
using var http = new HttpClient { BaseAddress = cluster.RestAddress };
// One file per source subtask (a directory is read with one split per file), so every source subtask has work.
var input = Path.Combine(logDir, "words");
Directory.CreateDirectory(input);
for (var f = 0; f < 4; f++)
{
    await File.WriteAllLinesAsync(Path.Combine(input, $"part-{f}.txt"), Enumerable.Range(0, 200_000).Select(i => $"to be or not to be that is the question {i % 977}"));
}

var wordCount = await UploadAsync("WordCount.jar");
var testJobs = await UploadAsync("Brook.TestJobs.jar");
report.WriteLine($"Brook jobs benchmark: {Environment.ProcessorCount} cores, {runs} runs, {seconds:F1} s per throughput window");

// 1. POST /run -> every subtask RUNNING.
var observed = new List<double>();
var fromTimestamps = new List<double>();
var allRunningAtOnce = 0;
for (var i = 0; i < runs; i++)
{
    var requestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var sw = Stopwatch.StartNew();
    var jobId = await RunAsync(wordCount, $$"""{"parallelism":4,"programArgsList":[{{System.Text.Json.JsonSerializer.Serialize(input)}}]}""");
    JsonNode details;
    while (true)
    {
        details = await GetAsync($"/jobs/{jobId}");
        var vertices = details["vertices"]!.AsArray();
        // A subtask that already FINISHED has been RUNNING too.
        if (vertices.All(v => (int)v!["tasks"]!["RUNNING"]! + (int)v["tasks"]!["FINISHED"]! == (int)v["parallelism"]!)) break;
        if ((string?)details["state"] is "FINISHED" or "FAILED" or "CANCELED") throw new InvalidOperationException($"The job ended before all subtasks ran: {details}");
    }
    observed.Add(sw.Elapsed.TotalMilliseconds);
    var lastRunning = 0L;
    var stillRunning = details["vertices"]!.AsArray().Count(v => (int)v!["tasks"]!["RUNNING"]! == (int)v["parallelism"]!);
    foreach (var v in details["vertices"]!.AsArray())
    {
        var times = await GetAsync($"/jobs/{jobId}/vertices/{v!["id"]}/subtasktimes");
        lastRunning = Math.Max(lastRunning, times["subtasks"]!.AsArray().Max(s => (long)s!["timestamps"]!["RUNNING"]!));
    }
    fromTimestamps.Add(lastRunning - requestedAt);
    allRunningAtOnce += stillRunning == details["vertices"]!.AsArray().Count ? 1 : 0;
    await CancelAndWaitAsync(jobId);
}
report.WriteLine($"WordCount p=4 (4 input files), POST /jars/:jarid/run -> every subtask RUNNING (polled): median {Median(observed):F1} ms (min {observed.Min():F1}, max {observed.Max():F1}); all RUNNING at once in {allRunningAtOnce}/{runs} runs");
report.WriteLine($"  same, from the subtasks' own RUNNING timestamps: median {Median(fromTimestamps):F0} ms");

// 2. GET /jobs/:jobid throughput while a 4-vertex job runs, against GET /config.
var running = await RunAsync(testJobs, """{"entryClass":"Brook.TestJobs.FourVertices","parallelism":4,"programArgsList":["200000"]}""");
while (!(await GetAsync($"/jobs/{running}"))["vertices"]!.AsArray().All(v => (int)v!["tasks"]!["RUNNING"]! == 4))
{
}
await MeasureAsync("/config", TimeSpan.FromSeconds(1));
var baseline = await MeasureAsync("/config", TimeSpan.FromSeconds(seconds));
var jobView = await MeasureAsync($"/jobs/{running}", TimeSpan.FromSeconds(seconds));
var after = await GetAsync($"/jobs/{running}");
report.WriteLine($"While FourVertices p=4 runs (16 subtasks, source capped at 200000 records/s; {after["vertices"]![3]!["metrics"]!["read-records"]} records reached the sink):");
report.WriteLine($"  GET /config      {baseline:F0} requests/s (baseline)");
report.WriteLine($"  GET /jobs/:jobid {jobView:F0} requests/s = {jobView / baseline:F2} x baseline");
await CancelAndWaitAsync(running);
Directory.Delete(logDir, recursive: true);
return 0;

async Task<string> UploadAsync(string name)
{
    string? dir = AppContext.BaseDirectory;
    string path;
    while (!File.Exists(path = Path.Combine(dir!, "artifacts", "packages", name))) dir = Path.GetDirectoryName(dir) ?? throw new FileNotFoundException(name);
    using var form = new MultipartFormDataContent();
    var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
    file.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
    form.Add(file, "jarfile", name);
    using var response = await http.PostAsync("/jars/upload", form);
    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body.ToJsonString());
    return Path.GetFileName((string)body["filename"]!);
}

async Task<string> RunAsync(string jarId, string json)
{
    using var response = await http.PostAsync($"/jars/{jarId}/run", new StringContent(json, Encoding.UTF8, "application/json"));
    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body.ToJsonString());
    return (string)body["jobid"]!;
}

async Task<JsonNode> GetAsync(string url) => JsonNode.Parse(await http.GetStringAsync(url))!;

async Task CancelAndWaitAsync(string jobId)
{
    using (await http.PatchAsync($"/jobs/{jobId}?mode=cancel", null))
    {
    }
    while ((string?)(await GetAsync($"/jobs/{jobId}"))["state"] is not ("CANCELED" or "FINISHED" or "FAILED"))
    {
        await Task.Yield();
    }
    while ((int)(await GetAsync("/overview"))["slots-available"]! < 4) await Task.Yield();
}

// Requests per second over a window, with as many concurrent clients as cores.
async Task<double> MeasureAsync(string url, TimeSpan window)
{
    var count = 0L;
    var sw = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(async _ =>
    {
        while (sw.Elapsed < window)
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
            Interlocked.Increment(ref count);
        }
    }).ToList();
    await Task.WhenAll(workers);
    return count / sw.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

// Memory of a `brook cluster` process while it receives concurrent large JSON bodies, and after.
// The cluster runs as its own process (any build of the brook CLI, e.g. main's and this branch's), so what is
// measured is the server alone: peak resident memory (VmHWM) and resident memory (VmRSS) once the load is over
// and the process has been idle for a while. Each body is {"<field>":"xxx..."} sent to
// POST /jars/<unknown>/plan: the server reads and parses it, then answers 400 for the unknown package (or 503 over budget). The field is
// programArgs (parsed into a string, which the handler then splits) or any unknown name (skipped by the parser).
// Usage: dotnet run -c Release --project bench/Brook.BodyMemoryBench -- <path to brook.dll> [body MB] [concurrent bodies] [settle s] [field] [-Dkey=value...]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Brook.BodyMemoryBench <brook.dll> [body MB] [concurrent bodies] [settle seconds] [field] [-Dkey=value...]");
    return 2;
}
var brook = args[0];
var bodyMb = args.Length > 1 ? int.Parse(args[1]) : 99;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 8;
var settle = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3]) : 10);
var dynamicProperties = args.Skip(4).Where(a => a.StartsWith("-D")).ToArray();
var field = args.Skip(4).FirstOrDefault(a => !a.StartsWith("-D")) ?? "programArgs";

var logDir = Path.Combine(Path.GetTempPath(), "brook-bodybench-" + Guid.NewGuid().ToString("N"));
var start = new ProcessStartInfo("dotnet")
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
foreach (var a in new[] { brook, "cluster", "-Drest.port=0", $"-Denv.log.dir={logDir}" }.Concat(dynamicProperties)) start.ArgumentList.Add(a);
using var server = Process.Start(start)!;
var address = new TaskCompletionSource<Uri>();
server.OutputDataReceived += (_, e) =>
{
    // "Brook cluster running; REST API at http://127.0.0.1:40123/. Stop with Ctrl-C."
    if (e.Data is { } line && Regex.Match(line, @"REST API at (http://\S+?)\.\s") is { Success: true } m) address.TrySetResult(new Uri(m.Groups[1].Value));
};
server.ErrorDataReceived += (_, _) => { };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    var baseAddress = await address.Task.WaitAsync(TimeSpan.FromMinutes(1));
    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
    (await http.GetAsync("/overview")).EnsureSuccessStatusCode();
    var idle = Memory(server.Id);

    var body = new byte[bodyMb * 1_000_000];
    var prefix = Encoding.UTF8.GetBytes($"{{\"{field}\":\"");
    Array.Fill(body, (byte)'x');
    prefix.CopyTo(body, 0);
    "\"}"u8.CopyTo(body.AsSpan(body.Length - 2));

    var watch = Stopwatch.StartNew();
    var statuses = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync("/jars/no-such-package.jar/plan", content);
            return ((int)response.StatusCode).ToString();
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
    }));
    var loadSeconds = watch.Elapsed.TotalSeconds;
    var peak = Memory(server.Id);
    // Idle on purpose: what the process still holds a while after the load is the figure asked for.
    await Task.Delay(settle);
    var settled = Memory(server.Id);

    Console.WriteLine($"brook: {brook} {string.Join(' ', dynamicProperties)}; body field: {field}");
    Console.WriteLine($"{concurrency} concurrent bodies of {bodyMb} MB in {loadSeconds:F1} s; answers: " +
                      string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()}x {g.Key}")));
    Console.WriteLine($"resident memory: idle {idle.Rss} MB, peak {peak.Hwm} MB, {settle.TotalSeconds:F0} s after the load {settled.Rss} MB");
    return 0;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    try
    {
        Directory.Delete(logDir, recursive: true);
    }
    catch (DirectoryNotFoundException)
    {
    }
}

// VmRSS and VmHWM (peak resident set) of a process, in MB, from /proc.
static (long Rss, long Hwm) Memory(int pid)
{
    var status = File.ReadAllLines($"/proc/{pid}/status");
    long Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    return (Field("VmRSS"), Field("VmHWM"));
}

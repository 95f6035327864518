using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime;
using Brook.Cluster;
using Brook.Core.Configuration;
using Brook.TestSupport;

// Usage:
//   memory <dll-1.5g|dll-3g|plan-2g> [loose]
//                                      process memory (RSS) before, at its peak and settled after uploading (and for
//                                      plan-2g planning) a zip bomb; run each bomb in a fresh process. "loose" raises
//                                      the package limits out of the way, so the bomb is decompressed (streamed) in full.
//   latency [plans]                    GET /overview latency while [plans] (default 48) concurrent /jars/:jarid/plan
//                                      calls of a large valid package (512 MiB expanded) run, against idle latency.
// Only the REST API and LocalCluster are used, so the same program measures any revision of Brook.
var mode = args.Length > 0 ? args[0] : "latency";
var root = Path.Combine(Path.GetTempPath(), "brook-jarsbench-" + Guid.NewGuid().ToString("N"));
var uploadDir = Path.Combine(root, "upload");
var config = new Configuration().Set(CoreOptions.RestPort, 0)
    .SetRaw(CoreOptions.LogDir.Key, Path.Combine(root, "log"))
    .SetRaw(CoreOptions.WebUploadDir.Key, uploadDir)
    .Set(CoreOptions.RestServerMaxContentLength, 512L << 20);
if (args.Contains("loose"))
{
    config.SetRaw("web.upload.package.max-expanded-size", "16 gb").SetRaw("web.upload.package.max-entry-size", "4 gb")
        .SetRaw("web.upload.package.max-compression-ratio", "1000000");
}
try
{
    await using var cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 1));
    using var http = new HttpClient { BaseAddress = cluster.RestAddress, Timeout = TimeSpan.FromMinutes(10) };
    var testJobs = FindPackage("Brook.TestJobs.jar");
    if (mode == "memory") await Memory(http, args.Length > 1 ? args[1] : "dll-1.5g", testJobs, uploadDir);
    else await Latency(http, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 48, testJobs);
}
finally
{
    Directory.Delete(root, recursive: true);
}

static async Task Memory(HttpClient http, string bomb, string testJobs, string uploadDir)
{
    var package = bomb switch
    {
        "dll-1.5g" => HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 1536)),
        "dll-3g" => HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 3072)),
        "plan-2g" => HostilePackages.PackageWith(testJobs, Enumerable.Range(0, 8).Select(i => HostilePackages.Zeros($"lib/blob{i}.bin", 256))),
        _ => throw new ArgumentException($"unknown bomb {bomb}"),
    };
    Settle();
    ResetPeak();
    var before = Rss();
    var (status, body) = await Upload(http, $"{bomb}.jar", package);
    Console.WriteLine($"upload of {bomb} ({package.Length / 1024} KiB): {status} {Shorten(body)}");
    if (bomb == "plan-2g" && status == 200)
    {
        var id = Path.GetFileName(System.Text.Json.Nodes.JsonNode.Parse(body)!["filename"]!.GetValue<string>());
        using var plan = await http.PostAsync($"/jars/{id}/plan?entry-class=Brook.TestJobs.FourVertices", null);
        Console.WriteLine($"plan: {(int)plan.StatusCode} {Shorten(await plan.Content.ReadAsStringAsync())}");
    }
    var peak = Peak();
    Settle();
    var settled = Rss();
    var disk = Directory.EnumerateFiles(uploadDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"RSS MiB: before {before >> 20}, peak {peak >> 20}, settled {settled >> 20}; upload dir {disk >> 20} MiB");
}

static async Task Latency(HttpClient http, int plans, string testJobs)
{
    // Large and valid: the test jobs plus 8 × 64 MiB of data compressing about 4 to 1, as assemblies and resources do.
    var package = LargePackage(testJobs);
    var (status, body) = await Upload(http, "Large.jar", package);
    if (status != 200) throw new InvalidOperationException($"upload answered {status}: {body}");
    var id = Path.GetFileName(System.Text.Json.Nodes.JsonNode.Parse(body)!["filename"]!.GetValue<string>());

    var idle = new List<double>();
    for (var i = 0; i < 200; i++) idle.Add(await TimeOverview(http));

    var during = new List<double>();
    var stopwatch = Stopwatch.StartNew();
    var planCalls = Enumerable.Range(0, plans).Select(_ => Task.Run(async () =>
    {
        using var r = await http.PostAsync($"/jars/{id}/plan?entry-class=Brook.TestJobs.FourVertices", null);
        return (int)r.StatusCode;
    })).ToArray();
    var all = Task.WhenAll(planCalls);
    while (!all.IsCompleted) during.Add(await TimeOverview(http));
    var statuses = await all;
    var planSeconds = stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"package {package.Length >> 20} MiB; {plans} concurrent plans answered {string.Join(",", statuses.Distinct())} in {planSeconds:F2} s");
    Console.WriteLine($"/overview idle:   {Summary(idle)}");
    Console.WriteLine($"/overview during: {Summary(during)}");
}

static byte[] LargePackage(string testJobs)
{
    var random = new Random(42);
    using var bytes = new MemoryStream();
    using (var zip = new System.IO.Compression.ZipArchive(bytes, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
    {
        using (var source = System.IO.Compression.ZipFile.OpenRead(testJobs))
        {
            foreach (var e in source.Entries)
            {
                using var from = e.Open();
                using var to = zip.CreateEntry(e.FullName).Open();
                from.CopyTo(to);
            }
        }
        var data = new byte[64 << 20];
        for (var i = 0; i < 8; i++)
        {
            random.NextBytes(data);
            for (var j = 0; j < data.Length; j++) data[j] = (byte)('a' + (data[j] & 3));
            using var to = zip.CreateEntry($"lib/data{i}.bin", System.IO.Compression.CompressionLevel.Fastest).Open();
            to.Write(data);
        }
    }
    return bytes.ToArray();
}

static async Task<double> TimeOverview(HttpClient http)
{
    var t = Stopwatch.GetTimestamp();
    using var r = await http.GetAsync("/overview");
    await r.Content.ReadAsByteArrayAsync();
    return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
}

static string Summary(List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    return $"n={ms.Count} p50={P(0.5):F1} ms p99={P(0.99):F1} ms max={ms[^1]:F1} ms";
}

static async Task<(int Status, string Body)> Upload(HttpClient http, string name, byte[] package)
{
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(package);
    part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
    form.Add(part, "jarfile", name);
    using var response = await http.PostAsync("/jars/upload", form);
    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
}

static string Shorten(string s) => s.Length > 160 ? s[..160] + "..." : s;

static void Settle()
{
    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

// Linux: VmRSS is the resident set now, VmHWM its peak since start or since "5" was written to clear_refs.
static long Rss() => Status("VmRSS:");

static long Peak() => Status("VmHWM:");

static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

static long Status(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0],
        System.Globalization.CultureInfo.InvariantCulture) * 1024;

static string FindPackage(string name)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException($"{name} not found in artifacts/packages above {AppContext.BaseDirectory}.");
}

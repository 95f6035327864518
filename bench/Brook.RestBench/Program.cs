using System.Diagnostics;
using System.Net;
using Brook.Cluster;
using Brook.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// Requests per second of GET /overview through Brook's REST endpoint against a bare Kestrel endpoint answering a
// constant body of the same size: same process, same HttpClient, same run, rounds interleaved.
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var concurrency = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;

var logDir = Path.Combine(Path.GetTempPath(), "brook-bench-" + Guid.NewGuid().ToString("N"));
var config = new Configuration().Set(CoreOptions.RestPort, 0).SetRaw(CoreOptions.LogDir.Key, logDir);
await using var cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 2));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
var brookUrl = new Uri(cluster.RestAddress, "/overview");
var body = await http.GetByteArrayAsync(brookUrl);

var bare = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
bare.WebHost.UseKestrelCore().ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, 0);
});
await using var bareApp = bare.Build();
bareApp.Run(context =>
{
    context.Response.ContentType = "application/json; charset=UTF-8";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await bareApp.StartAsync();
var bareUrl = new Uri(bareApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/overview");

async Task<double> Measure(Uri url, double duration)
{
    long count = 0;
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (stop.Elapsed.TotalSeconds < duration)
        {
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
            Interlocked.Increment(ref count);
        }
    }).ToArray();
    await Task.WhenAll(workers);
    return count / stop.Elapsed.TotalSeconds;
}

await Measure(brookUrl, 2);
await Measure(bareUrl, 2);
double brookTotal = 0, bareTotal = 0;
for (var r = 0; r < rounds; r++)
{
    var b = await Measure(brookUrl, seconds);
    var k = await Measure(bareUrl, seconds);
    brookTotal += b;
    bareTotal += k;
    Console.WriteLine($"round {r + 1}: brook /overview {b:F0} req/s, bare kestrel {k:F0} req/s");
}
var brookRate = brookTotal / rounds;
var bareRate = bareTotal / rounds;
Console.WriteLine($"body size: {body.Length} bytes, concurrency: {concurrency}, {rounds} rounds of {seconds} s each");
Console.WriteLine($"brook GET /overview: {brookRate:F0} req/s");
Console.WriteLine($"bare kestrel:        {bareRate:F0} req/s");
Console.WriteLine($"ratio (bare / brook): {bareRate / brookRate:F2}x");
await bareApp.StopAsync();
await cluster.DisposeAsync();
Directory.Delete(logDir, recursive: true);

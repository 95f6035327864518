using System.Net;
using System.Text;
using Brook.Cluster.Metrics;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Brook.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>The OTLP reporter exports the registry's metrics, with Flink's OpenTelemetry names, to an OTLP/HTTP receiver.</summary>
public sealed class OpenTelemetryReporterTests
{
    [Fact]
    public async Task Metrics_reach_an_otlp_http_receiver_under_flinks_names()
    {
        var bodies = new List<byte[]>();
        var progress = new ProgressSignal();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        receiver.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            lock (bodies) bodies.Add(buffer.ToArray());
            progress.Pulse();
            context.Response.StatusCode = 200;
        });
        await receiver.StartAsync();
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var registry = new MetricRegistry(ScopeFormats.Default, TimeProvider.System);
        var task = registry.CreateTaskGroup(registry.CreateTaskManagerJobGroup(registry.CreateTaskManagerGroup(ResourceId.Generate().Hex), JobId.Generate().Hex, "otel job"),
            "v", "a", "Map", 0, 0);
        task.Counter(MetricNames.NumRecordsIn).Inc(42);
        var config = new Configuration()
            .SetRaw("metrics.reporter.otel.factory.class", MetricReporterConfiguration.OpenTelemetryFactory)
            .SetRaw("metrics.reporter.otel.exporter.endpoint", address + "/v1/metrics")
            .SetRaw("metrics.reporter.otel.exporter.protocol", "HTTP")
            .SetRaw("metrics.reporter.otel.interval", "200 ms");
        var reporters = MetricReporters.Start(config, registry, NullLogger.Instance);
        try
        {
            Assert.IsType<OpenTelemetryMetricReporter>(Assert.Single(reporters));
            await progress.UntilAsync(() =>
            {
                lock (bodies) return bodies.Any(b => Encoding.UTF8.GetString(b).Contains("flink.taskmanager.job.task.numRecordsIn", StringComparison.Ordinal));
            }, "an export with the task metric", TimeSpan.FromSeconds(30));
            string body;
            lock (bodies) body = Encoding.UTF8.GetString(bodies.First(b => Encoding.UTF8.GetString(b).Contains("numRecordsIn", StringComparison.Ordinal)));
            Assert.Contains("subtask_index", body);
            Assert.Contains("otel job", body);
        }
        finally
        {
            foreach (var r in reporters) r.Dispose();
        }
    }
}

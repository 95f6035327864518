using System.Net;
using Brook.Rest.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Rest.Server;

/// <summary>The REST endpoint: Kestrel with Brook's own router in front of the endpoint table.</summary>
public sealed class RestServerEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RestRequestProcessor _processor;
    private readonly Lock _stopLock = new();
    private Task? _stopped;

    private RestServerEndpoint(WebApplication app, RestRequestProcessor processor, Uri baseAddress)
    {
        _app = app;
        _processor = processor;
        BaseAddress = baseAddress;
    }

    /// <summary>The memory budget of request bodies (for tests of its accounting).</summary>
    internal InFlightBodyBudget BodyBudget => _processor.BodyBudget;

    /// <summary>The address the endpoint answers on, with the actual port when rest.port was 0.</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public static async Task<RestServerEndpoint> StartAsync(RestServerOptions options, IEnumerable<RestEndpoint> endpoints, ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken = default)
    {
        var router = new RestRouter(endpoints);
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(logs);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // Stopping waits this long for requests in flight to be answered, then closes their connections.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownGracePeriod);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxContentLength;
            foreach (var address in BindAddresses(options.BindAddress)) k.Listen(address, options.Port);
        });
        var app = builder.Build();
        var processor = new RestRequestProcessor(router, options, logs.CreateLogger("Brook.Rest.RestServerEndpoint"));
        app.Run(processor.ProcessAsync);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var boundUri = new Uri(bound);
        // A wildcard bind is reached locally through the loopback address.
        var host = boundUri.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : boundUri.Host;
        logs.CreateLogger("Brook.Rest.RestServerEndpoint").LogInformation("REST endpoint listening on {Address}.", bound);
        return new RestServerEndpoint(app, processor, new UriBuilder("http", host, boundUri.Port).Uri);
    }

    /// <summary>"localhost" binds the loopback interface only; other hosts reach the endpoint only when configured.</summary>
    private static IEnumerable<IPAddress> BindAddresses(string bindAddress)
    {
        if (bindAddress == "localhost") return [IPAddress.Loopback];
        if (IPAddress.TryParse(bindAddress, out var ip)) return [ip];
        return Dns.GetHostAddresses(bindAddress).Take(1);
    }

    /// <summary>
    /// Stops accepting connections and waits up to the shutdown grace period (rest.server.shutdown-grace-period) for
    /// requests in flight to be answered; connections still busy then are closed.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stopLock) return _stopped ??= _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _processor.Dispose();
    }
}

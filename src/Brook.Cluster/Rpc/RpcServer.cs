using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Rpc;

/// <summary>
/// A process's RPC endpoint: Kestrel speaking HTTP/2 without TLS (gRPC's h2c) on one address, serving the gRPC services
/// the caller maps. Every call goes through the <see cref="RpcVersionInterceptor"/>.
/// </summary>
internal sealed class RpcServer : IAsyncDisposable
{
    /// <summary>The largest message either side accepts: a metric dump or thread dump of a busy process fits many times.</summary>
    public const int MaxMessageSize = 16 << 20;

    private readonly WebApplication _app;

    private RpcServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    /// <summary>The address and port the endpoint listens on (the actual port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    public static async Task<RpcServer> StartAsync(string bindHost, int port, ILoggerFactory loggerFactory, Action<IServiceCollection> services,
        Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRouting();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<RpcVersionInterceptor>();
            o.MaxReceiveMessageSize = MaxMessageSize;
            o.MaxSendMessageSize = MaxMessageSize;
            o.EnableDetailedErrors = false;
        });
        services(builder.Services);
        var address = await ResolveAsync(bindHost, cancellationToken);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, port, l => l.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.UseRouting();
        map(app);
        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new RpcServer(app, new IPEndPoint(address, bound.Port));
    }

    /// <summary>"localhost" is the loopback interface; a name resolves to its first address.</summary>
    public static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (host == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host, out var ip)) return ip;
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

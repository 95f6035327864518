using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Brook.Cluster.Rpc;

/// <summary>Client channels to another process's RPC endpoint; every call carries this process's protocol version.</summary>
internal static class RpcChannels
{
    public static GrpcChannel Open(string host, int port) =>
        GrpcChannel.ForAddress(new UriBuilder("http", host, port).Uri, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = RpcServer.MaxMessageSize,
            MaxSendMessageSize = RpcServer.MaxMessageSize,
            HttpHandler = new SocketsHttpHandler
            {
                // A peer that vanished without closing its connection is noticed by the pings, not only by the next call.
                KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                EnableMultipleHttp2Connections = true,
            },
        });

    public static CallInvoker Versioned(GrpcChannel channel) =>
        channel.Intercept(metadata =>
        {
            metadata.Add(RpcProtocol.VersionHeader, RpcProtocol.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return metadata;
        });
}

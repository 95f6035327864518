using Brook.Cluster.Blob;
using Brook.Cluster.Jars;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Cluster.TaskManager;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Cluster.Tests.Blob;

/// <summary>A jar store holding the test jobs' package, served by a blob service on 127.0.0.1 (any free port).</summary>
public sealed class BlobServiceFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "brook-blob-" + Guid.NewGuid().ToString("N"));

    internal JarStore Store { get; private set; } = null!;

    internal BlobServer Server { get; private set; } = null!;

    internal StoredJar TestJobs { get; private set; } = null!;

    internal BlobEndpoint Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new JarStore(Path.Combine(Root, "upload"));
        await using (var package = File.OpenRead(Package("Brook.TestJobs.jar"))) TestJobs = await Store.UploadAsync(package, "Brook.TestJobs.jar", CancellationToken.None);
        Server = new BlobServer(Store);
        Endpoint = await BlobEndpoint.StartAsync(s => s.AddSingleton(Server), app => app.MapGrpcService<BlobServerRpcService>());
    }

    /// <summary>A TaskManager's blob cache of its own, downloading from the fixture's blob service.</summary>
    internal BlobCache NewCache() => new(Endpoint.Client, Path.Combine(Root, "tm-" + Guid.NewGuid().ToString("N")), NullLogger.Instance);

    public static string Package(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"The job package {name} was not found in artifacts/packages above {AppContext.BaseDirectory}; build the test project first.");
    }

    public async Task DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>An RPC server on 127.0.0.1 serving the given services, and a versioned client channel to it.</summary>
internal sealed class BlobEndpoint : IAsyncDisposable
{
    private readonly RpcServer _server;

    private BlobEndpoint(RpcServer server)
    {
        _server = server;
        Channel = RpcChannels.Open("127.0.0.1", server.EndPoint.Port);
        Client = new BlobService.BlobServiceClient(RpcChannels.Versioned(Channel));
    }

    public GrpcChannel Channel { get; }

    public BlobService.BlobServiceClient Client { get; }

    public static async Task<BlobEndpoint> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map) =>
        new(await RpcServer.StartAsync("127.0.0.1", 0, NullLoggerFactory.Instance, services, map, CancellationToken.None));

    /// <summary>The whole package the service answers for the key, as a TaskManager would receive it before any check.</summary>
    public async Task<byte[]> DownloadAsync(string key)
    {
        using var call = Client.GetBlob(new GetBlobRequest { Key = key });
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) bytes.Write(chunk.Data.Span);
        return bytes.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _server.DisposeAsync();
    }
}

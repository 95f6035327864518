using System.Net;
using Brook.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResourceManagerType = Brook.Runtime.ResourceManager.ResourceManager;

namespace Brook.Cluster.Rpc;

/// <summary>
/// The JobManager process's RPC endpoint on jobmanager.rpc.address:jobmanager.rpc.port, where TaskManager processes
/// register with the ResourceManager and report to the JobMasters of their tasks, and its connections back to them.
/// </summary>
internal sealed class JobManagerRpcEndpoint : IAsyncDisposable
{
    private readonly RpcServer _server;

    private JobManagerRpcEndpoint(RpcServer server, RemoteTaskExecutors taskExecutors)
    {
        _server = server;
        TaskExecutors = taskExecutors;
    }

    public RemoteTaskExecutors TaskExecutors { get; }

    public IPEndPoint EndPoint => _server.EndPoint;

    /// <param name="blobs">The job packages the blob service serves TaskManagers (blob_rpc.proto); null serves none.</param>
    public static async Task<JobManagerRpcEndpoint> StartAsync(Configuration config, ResourceManagerType resourceManager, JobMasterRegistry jobMasters,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken, Blob.BlobServer? blobs = null)
    {
        var log = loggerFactory.CreateLogger<JobManagerRpcEndpoint>();
        var taskExecutors = new RemoteTaskExecutors(resourceManager, jobMasters, loggerFactory.CreateLogger<RemoteTaskExecutors>());
        try
        {
            var bindHost = config.Get(ClusterRpcOptions.JobManagerBindHost) ?? config.Get(ClusterRpcOptions.JobManagerRpcAddress);
            var identity = new ResourceManagerRpcService.Identity(Core.Ids.ResourceId.Generate().Hex);
            var server = await RpcServer.StartAsync(bindHost, config.Get(ClusterRpcOptions.JobManagerRpcPort), loggerFactory, services =>
            {
                services.AddSingleton(resourceManager);
                services.AddSingleton(taskExecutors);
                services.AddSingleton(identity);
                services.AddSingleton(jobMasters);
                if (blobs is not null) services.AddSingleton(blobs);
            }, app =>
            {
                app.MapGrpcService<ResourceManagerRpcService>();
                app.MapGrpcService<JobMasterRpcService>();
                if (blobs is not null) app.MapGrpcService<Blob.BlobServerRpcService>();
            }, cancellationToken);
            log.LogInformation("JobManager RPC endpoint (protocol version {Version}) listening on {EndPoint}; ResourceManager id {Id}.", RpcProtocol.Version,
                server.EndPoint, identity.ResourceManagerId);
            return new JobManagerRpcEndpoint(server, taskExecutors);
        }
        catch
        {
            await taskExecutors.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await TaskExecutors.DisposeAsync();
    }
}

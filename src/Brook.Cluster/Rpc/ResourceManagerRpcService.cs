using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ResourceManagerType = Brook.Runtime.ResourceManager.ResourceManager;

namespace Brook.Cluster.Rpc;

/// <summary>
/// The ResourceManager's RPC endpoint for TaskManager processes: registration, the heartbeat stream and disconnection.
/// Nothing a TaskManager sends can take the JobManager down: gRPC frames the messages, every field is checked before it
/// is used, and a broken or vanished connection only drops that TaskManager.
/// </summary>
internal sealed class ResourceManagerRpcService(
    ResourceManagerType resourceManager,
    RemoteTaskExecutors taskExecutors,
    ResourceManagerRpcService.Identity identity,
    ILogger<ResourceManagerRpcService> log) : ResourceManagerGateway.ResourceManagerGatewayBase
{
    /// <summary>The id of this ResourceManager instance, which registrations are answered with.</summary>
    public sealed record Identity(string ResourceManagerId);

    public override Task<RegistrationResponse> RegisterTaskExecutor(TaskExecutorRegistration request, ServerCallContext context)
    {
        var (accepted, error) = TaskExecutorRegistrations.Validate(request);
        if (accepted is null)
        {
            log.LogError("Refused the registration of TaskExecutor {Id} from {Peer}: {Error}", Printable(request.ResourceId), context.Peer, error);
            if (TaskExecutorRegistrations.IsVersionMismatch(request))
            {
                return Task.FromResult(new RegistrationResponse
                {
                    Rejection = new RegistrationRejection { Reason = error, ProtocolVersion = RpcProtocol.Version },
                });
            }
            throw new RpcException(new Status(StatusCode.InvalidArgument, error!));
        }
        var connection = taskExecutors.Register(accepted);
        log.LogInformation("Registering TaskManager with ResourceID {Id} ({Address}, pid {Pid}, {Slots} slots, {Cores} cores) at ResourceManager.",
            accepted.Registration.Id, accepted.Registration.Address, accepted.ProcessId, accepted.Registration.NumberOfSlots, accepted.Registration.Hardware.CpuCores);
        return Task.FromResult(new RegistrationResponse
        {
            Success = new RegistrationSuccess
            {
                RegistrationId = connection.RegistrationId,
                ResourceManagerId = identity.ResourceManagerId,
                ProtocolVersion = RpcProtocol.Version,
            },
        });
    }

    public override async Task Heartbeat(IAsyncStreamReader<TaskExecutorHeartbeat> requestStream, IServerStreamWriter<ResourceManagerHeartbeat> responseStream,
        ServerCallContext context)
    {
        RemoteTaskExecutors.Connection? connection = null;
        CancellationTokenSource? linked = null;
        try
        {
            while (await requestStream.MoveNext(linked?.Token ?? context.CancellationToken))
            {
                var heartbeat = requestStream.Current;
                if (!ResourceId.TryParse(heartbeat.ResourceId, out var id))
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"The resource id '{Printable(heartbeat.ResourceId)}' is not 32 hexadecimal characters."));
                }
                var current = taskExecutors.Current(id, heartbeat.RegistrationId);
                if (connection is not null && current != connection) current = null;
                if (current is null || !resourceManager.Heartbeat(id))
                {
                    await responseStream.WriteAsync(new ResourceManagerHeartbeat { Known = false, Reason = $"TaskManager {id} is not registered with this ResourceManager." });
                    return;
                }
                if (connection is null)
                {
                    connection = current;
                    linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, connection.Dropped.Token);
                }
                var slots = resourceManager.Get(id)?.Registration.NumberOfSlots ?? 0;
                if (TaskExecutorRegistrations.SlotReportError(id, slots, heartbeat.SlotReport) is { } slotError)
                {
                    log.LogWarning("Ignoring a slot report: {Error}", slotError);
                }
                await responseStream.WriteAsync(new ResourceManagerHeartbeat { Known = true }, linked!.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || (e is RpcException r && r.StatusCode == StatusCode.Cancelled))
        {
            // Unless this ResourceManager ended the stream by dropping the registration, the connection broke (the process
            // died or the network cut it): drop the TaskManager now, not after heartbeat.timeout. The call's cancellation
            // token is not a condition: Kestrel fails the read of an aborted stream at once but cancels the token later,
            // from the thread pool, so on a loaded machine the read's exception arrives first.
            if (connection is not null && !connection.Dropped.IsCancellationRequested && taskExecutors.Current(connection.Id, connection.RegistrationId) is not null)
            {
                resourceManager.Unregister(connection.Id, $"TaskManager with id {connection.Id} is no longer reachable.");
            }
        }
        finally
        {
            linked?.Dispose();
        }
    }

    public override Task<DisconnectTaskManagerResponse> DisconnectTaskManager(DisconnectTaskManagerRequest request, ServerCallContext context)
    {
        if (ResourceId.TryParse(request.ResourceId, out var id) && taskExecutors.Current(id, request.RegistrationId) is not null)
        {
            var reason = request.Reason.Length > 1024 ? request.Reason[..1024] : request.Reason;
            resourceManager.Unregister(id, reason.Length == 0 ? "TaskManager disconnected." : reason);
        }
        return Task.FromResult(new DisconnectTaskManagerResponse());
    }

    private static string Printable(string s)
    {
        var shortened = s.Length <= 64 ? s : s[..64] + "...";
        return new string(shortened.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}

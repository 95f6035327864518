using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TaskExecutorType = Brook.Runtime.TaskExecutor.TaskExecutor;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// What a JobMaster asks of this TaskManager process for its tasks (Flink's TaskExecutorGateway: submitTask, cancelTask,
/// triggerCheckpoint, confirmCheckpoint, abortCheckpoint, sendOperatorEventToTask). Each message is validated before use;
/// a bad one fails that call with INVALID_ARGUMENT. A call for an attempt that is not running here is ignored.
/// </summary>
internal sealed class TaskExecutorDeploymentService(TaskManagerTaskServices services, ILogger<TaskExecutorDeploymentService> log)
    : TaskExecutorDeploymentGateway.TaskExecutorDeploymentGatewayBase
{
    private static readonly Acknowledge Ack = new();

    private TaskDeployments Deployments => services.Deployments ?? throw new RpcException(new Status(StatusCode.Unavailable, "The TaskManager is starting."));

    private TaskExecutorType Executor => services.TaskExecutor ?? throw new RpcException(new Status(StatusCode.Unavailable, "The TaskManager is starting."));

    public override Task<Acknowledge> SubmitTask(TaskDeployment request, ServerCallContext context)
    {
        var (deployment, error) = DeploymentMessages.FromMessage(request, Deployments.Id);
        if (deployment is null) throw Invalid("SubmitTask", context, error!);
        Deployments.Submit(deployment);
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> CancelTask(TaskAttempt request, ServerCallContext context)
    {
        Deployments.Cancel(Read(request, context, "CancelTask"));
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> TriggerCheckpoint(TriggerCheckpointRequest request, ServerCallContext context)
    {
        var attempt = Read(request.Attempt, context, "TriggerCheckpoint");
        var (properties, error) = DeploymentMessages.FromMessage(request);
        if (properties is null) throw Invalid("TriggerCheckpoint", context, error!);
        Executor.TriggerCheckpoint(attempt, request.CheckpointId, request.Timestamp, properties);
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> NotifyCheckpointComplete(CheckpointNotification request, ServerCallContext context)
    {
        var attempt = Read(request.Attempt, context, "NotifyCheckpointComplete");
        if (request.CheckpointId < 1) throw Invalid("NotifyCheckpointComplete", context, $"The checkpoint id {request.CheckpointId} is not positive.");
        Executor.NotifyCheckpointComplete(attempt, request.CheckpointId);
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> NotifyCheckpointAborted(CheckpointNotification request, ServerCallContext context)
    {
        var attempt = Read(request.Attempt, context, "NotifyCheckpointAborted");
        if (request.CheckpointId < 1) throw Invalid("NotifyCheckpointAborted", context, $"The checkpoint id {request.CheckpointId} is not positive.");
        Executor.NotifyCheckpointAborted(attempt, request.CheckpointId);
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> SendOperatorEventToTask(OperatorEvent request, ServerCallContext context)
    {
        var attempt = Read(request.Attempt, context, "SendOperatorEventToTask");
        if (!Core.Ids.OperatorId.TryParse(request.OperatorId, out var operatorId))
        {
            throw Invalid("SendOperatorEventToTask", context, $"The operator id '{DeploymentMessages.Shorten(request.OperatorId)}' is malformed.");
        }
        try
        {
            // Answered once the event is in the task's mailbox, so a checkpoint trigger sent after it comes after it.
            Deployments.DeliverOperatorEvent(attempt, operatorId, request.Event.ToByteArray());
        }
        catch (InvalidDataException e)
        {
            throw Invalid("SendOperatorEventToTask", context, e.Message);
        }
        return Task.FromResult(Ack);
    }

    private Runtime.Tasks.ExecutionAttemptId Read(TaskAttempt? attempt, ServerCallContext context, string call)
    {
        var (_, attemptId, _, error) = DeploymentMessages.ReadAttempt(attempt, Deployments.Id);
        return error is null ? attemptId : throw Invalid(call, context, error);
    }

    private RpcException Invalid(string call, ServerCallContext context, string error)
    {
        log.LogError("Refused {Call} from {Peer}: {Error}", call, context.Peer, error);
        return new RpcException(new Status(StatusCode.InvalidArgument, error));
    }
}

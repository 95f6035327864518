using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Runtime.OperatorEvents;
using OperatorEventMessage = Brook.Cluster.Rpc.Protocol.OperatorEvent;
using Brook.Runtime.Tasks;
using Google.Protobuf;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A task's operator events to its sources' coordinators on the JobManager (Flink's TaskOperatorEventGateway over
/// JobMasterOperatorEventGateway.sendOperatorEventToCoordinator), in order with the task's other messages. The JobManager
/// knows the subtask and attempt from the attempt id, so the message names only the attempt and the operator.
/// </summary>
internal sealed class OperatorEventSender(JobId job, ExecutionAttemptId attempt, JobMasterConnection connection) : IOperatorEventSender
{
    public Task SendToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var m = new OperatorEventMessage { Attempt = connection.Attempt(job, attempt), OperatorId = operatorId.Hex, Event = ByteString.CopyFrom(operatorEvent) };
        connection.Post($"SendOperatorEventToCoordinator {attempt}", async (c, deadline, ct) =>
            {
                await c.SendOperatorEventToCoordinatorAsync(m, deadline: deadline, cancellationToken: ct);
                sent.TrySetResult();
            }, e => sent.TrySetException(e), () => sent.TrySetException(new IOException("The connection to the JobManager is closed.")));
        return sent.Task;
    }
}

using Brook.Core.Ids;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// TaskManager side: carries a task's operator events to the coordinator of operator <c>operatorId</c> on the JobManager
/// (Flink's TaskOperatorEventGateway / JobMasterOperatorEventGateway.sendOperatorEventToCoordinator). The RPC layer
/// implements it; the JobManager hands the bytes to <see cref="JobMaster.JobMaster.DeliverOperatorEventToCoordinator"/>.
/// </summary>
/// Events of one task must arrive in the order they were sent (a reader registers before it asks for splits).
internal interface IOperatorEventSender
{
    /// <summary>Sends; the task completes once the JobManager took the event, and faults if it cannot have (the reader's task then fails).</summary>
    Task SendToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent);
}

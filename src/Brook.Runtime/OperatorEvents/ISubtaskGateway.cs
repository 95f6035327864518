namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// JobManager side: how a source coordinator reaches one attempt of one subtask in a TaskManager process (Flink's
/// OperatorCoordinator.SubtaskGateway over TaskExecutorGateway.sendOperatorEventToTask). The RPC layer implements it,
/// addressing the task by its execution attempt and the source's operator id; the TaskManager hands the bytes to that
/// task's <see cref="IRemoteSplitEnumeratorGateway.HandleOperatorEvent"/>.
/// </summary>
/// Events to one task must arrive in the order they were sent.
internal interface ISubtaskGateway
{
    /// <summary>
    /// Sends; the task completes once the event is in the task's mailbox (so a checkpoint trigger sent afterwards comes
    /// after it), and faults if the event may be lost.
    /// </summary>
    Task SendEvent(byte[] operatorEvent);

    /// <summary>An event to this attempt was lost: fail the attempt, so it restarts from the last checkpoint.</summary>
    void FailSubtask(Exception cause);
}

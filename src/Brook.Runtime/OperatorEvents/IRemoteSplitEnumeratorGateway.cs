using Brook.Core.Ids;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// TaskManager side, whatever the split type: a task's gateway to one source's enumerator on the JobManager, and
/// where the RPC layer delivers the enumerator's events for that task (Flink's OperatorEventDispatcher, per operator).
/// </summary>
internal interface IRemoteSplitEnumeratorGateway : ISplitEnumeratorGateway
{
    OperatorId OperatorId { get; }

    /// <summary>
    /// Applies an event from the enumerator (splits or "no more splits" into the task's mailbox). Returns false for an
    /// event of another attempt (dropped). Unreadable bytes fail the task and throw <see cref="InvalidDataException"/>.
    /// </summary>
    bool HandleOperatorEvent(byte[] operatorEvent);
}

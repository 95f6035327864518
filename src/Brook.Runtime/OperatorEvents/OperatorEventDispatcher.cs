using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// TaskManager side, one per task attempt (Flink's OperatorEventDispatcherImpl): the remote split enumerator gateways of
/// the task's source nodes, for its <see cref="JobTaskResources.SplitEnumerators"/>, and the entry point where the RPC
/// layer delivers the JobManager's operator events for the task, by operator id.
/// </summary>
internal sealed class OperatorEventDispatcher
{
    private readonly Dictionary<OperatorId, IRemoteSplitEnumeratorGateway> _byOperator;

    public OperatorEventDispatcher(JobVertex vertex, int subtask, int attemptNumber, IOperatorEventSender sender)
    {
        var gateways = RemoteSplitEnumeratorGateway.ForVertex(vertex, subtask, attemptNumber, sender);
        SplitEnumerators = gateways.ToDictionary(kv => kv.Key, kv => (ISplitEnumeratorGateway)kv.Value);
        _byOperator = gateways.Values.ToDictionary(g => g.OperatorId);
    }

    /// <summary>The readers' gateways by source node id.</summary>
    public IReadOnlyDictionary<int, ISplitEnumeratorGateway> SplitEnumerators { get; }

    /// <summary>
    /// Hands an event from the coordinator of <paramref name="operatorId"/> to its reader. False: the event belongs to
    /// another attempt (dropped). An operator of no source of this task, or unreadable bytes, throw <see cref="InvalidDataException"/>
    /// (the latter also fail the task).
    /// </summary>
    public bool DispatchEventToHandlers(OperatorId operatorId, byte[] operatorEvent) =>
        _byOperator.TryGetValue(operatorId, out var gateway)
            ? gateway.HandleOperatorEvent(operatorEvent)
            : throw new InvalidDataException($"An operator event names operator {operatorId.Hex}, which is no source of this task.");
}

using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The state backend one operator of a checkpointed task sees (Flink's StreamOperatorStateHandler): creates the
/// operator's keyed and operator state backends through the job's backend, restores them from the checkpoint
/// the task starts from, and keeps them so the task can snapshot them.
/// </summary>
internal sealed class OperatorStateTracker(string operatorId, IStateBackend inner, OperatorRestoreState? restore) : IStateBackend
{
    public string OperatorId { get; } = operatorId;

    public HeapKeyedStateBackend? KeyedBackend { get; private set; }

    public DefaultOperatorStateBackend? OperatorBackend { get; private set; }

    public IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters)
    {
        var backend = inner.CreateKeyedStateBackend<TKey>(parameters);
        if (backend is not HeapKeyedStateBackend heap)
            throw new InvalidOperationException($"The state backend {inner.GetType().Name} cannot be checkpointed: its keyed state is not a Brook heap backend.");
        if (KeyedBackend is not null)
            throw new InvalidOperationException($"Operator {OperatorId} created a second keyed state backend; a checkpointed operator has one.");
        if (restore is { KeyedStates.Count: > 0 }) heap.Restore(restore.KeyedStates.Select(b => (ReadOnlyMemory<byte>)b));
        KeyedBackend = heap;
        return backend;
    }

    public IOperatorStateStore CreateOperatorStateBackend(OperatorStateBackendParameters parameters)
    {
        if (OperatorBackend is not null) return OperatorBackend;
        var store = inner.CreateOperatorStateBackend(parameters);
        if (store is not DefaultOperatorStateBackend backend)
            throw new InvalidOperationException($"The state backend {inner.GetType().Name} cannot be checkpointed: its operator state is not Brook's default operator state backend.");
        if (restore is { OperatorStates.Count: > 0 })
            backend.Restore(restore.OperatorStates.Select(b => (ReadOnlyMemory<byte>)b).ToList(), parameters.SubtaskIndex, parameters.Parallelism);
        OperatorBackend = backend;
        return backend;
    }
}

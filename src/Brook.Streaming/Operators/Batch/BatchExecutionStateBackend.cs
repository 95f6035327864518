using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// The state backend a keyed operator of a BATCH job sees (Flink swaps in BatchExecutionStateBackend the same way):
/// it asks the job's backend for keyed backends in BATCH execution, and ends the current key in all of them when the
/// grouped input moves on to the next key.
/// </summary>
internal sealed class BatchExecutionStateBackend(IStateBackend inner) : IStateBackend
{
    private readonly List<IBatchExecutionKeyedStateBackend> _keyed = [];

    public IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters)
    {
        var backend = inner.CreateKeyedStateBackend<TKey>(parameters with { BatchExecution = true });
        if (backend is not IBatchExecutionKeyedStateBackend batch)
        {
            backend.Dispose();
            throw new InvalidOperationException(
                $"The state backend {inner.GetType().Name} cannot run keyed operator '{parameters.OperatorName}' in BATCH execution mode; use the hashmap state backend or run the job in STREAMING mode.");
        }
        _keyed.Add(batch);
        return backend;
    }

    public IOperatorStateStore CreateOperatorStateBackend(OperatorStateBackendParameters parameters) => inner.CreateOperatorStateBackend(parameters);

    /// <summary>The current key's records are all processed: its timers fire and its state is dropped.</summary>
    public void EndKey()
    {
        foreach (var backend in _keyed) backend.EndKey();
    }

    public static BatchExecutionStateBackend For(IStateBackend? configured, string operatorName) =>
        new(configured ?? DefaultStateBackend.Instance
            ?? throw new InvalidOperationException($"'{operatorName}' keeps keyed state, but no state backend is configured and Brook.Runtime's default (hashmap) is not loaded."));
}

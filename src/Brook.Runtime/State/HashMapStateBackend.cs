using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

/// <summary>
/// Flink's HashMapStateBackend: keyed state on the heap, per key group (<see cref="HeapKeyedStateBackend{TKey}"/>).
/// The default when a job configures no state backend. State TTL is measured with <paramref name="timeProvider"/>.
/// </summary>
public sealed class HashMapStateBackend(TimeProvider? timeProvider = null) : IStateBackend
{
    public TimeProvider TimeProvider { get; } = timeProvider ?? TimeProvider.System;

    public IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters) =>
        new HeapKeyedStateBackend<TKey>(parameters.MaxParallelism, parameters.KeyGroupRange, TimeProvider, parameters.BatchExecution);

    /// <summary>Operator state lives on the heap whatever the keyed backend is, as in Flink.</summary>
    public IOperatorStateStore CreateOperatorStateBackend(OperatorStateBackendParameters parameters) => new DefaultOperatorStateBackend();
}

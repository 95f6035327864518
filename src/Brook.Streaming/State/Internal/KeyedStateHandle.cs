using Brook.Streaming.Operators;

namespace Brook.Streaming.State.Internal;

/// <summary>A keyed operator's key context and keyed state backend, created when the operator opens.</summary>
internal sealed class KeyedStateHandle<TKey>
{
    private KeyedStateHandle(KeyContext<TKey> keys, IInternalKeyedStateBackend backend)
    {
        Keys = keys;
        Backend = backend;
    }

    public KeyContext<TKey> Keys { get; }

    public IInternalKeyedStateBackend Backend { get; }

    public static KeyedStateHandle<TKey> Create<TOut>(StreamOperatorParameters<TOut> parameters, string operatorName)
    {
        var stateBackend = parameters.StateBackend ?? DefaultStateBackend.Instance
            ?? throw new InvalidOperationException($"'{operatorName}' keeps keyed state, but no state backend is configured and Brook.Runtime's default (hashmap) is not loaded.");
        var keyed = stateBackend.CreateKeyedStateBackend<TKey>(new KeyedStateBackendParameters(
            parameters.RuntimeContext.JobId, parameters.OperatorId, operatorName, parameters.RuntimeContext.IndexOfThisSubtask,
            parameters.MaxParallelism, parameters.KeyGroupRange));
        if (keyed is not IInternalKeyedStateBackend internalBackend)
        {
            keyed.Dispose();
            throw new InvalidOperationException($"The state backend {stateBackend.GetType().Name} does not provide keyed state with namespaces and timers, which '{operatorName}' needs.");
        }
        return new KeyedStateHandle<TKey>(new KeyContext<TKey>(parameters.MaxParallelism, parameters.KeyGroupRange, keyed), internalBackend);
    }

    /// <summary>Makes a fired timer's key current, in the key context (for user code) and the backend.</summary>
    public void SetCurrentKeyFromTimer(object key) => Keys.SetCurrentKey((TKey)key);

    public void Dispose() => Keys.Backend?.Dispose();
}

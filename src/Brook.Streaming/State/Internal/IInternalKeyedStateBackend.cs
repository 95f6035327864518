using Brook.Streaming.Operators;

namespace Brook.Streaming.State.Internal;

/// <summary>
/// What keyed operators (process, window, join) need from a keyed state backend beyond the current key:
/// state per namespace, and timer services kept with the state.
/// </summary>
internal interface IInternalKeyedStateBackend : IKeyedStateStore
{
    object? CurrentKeyObject { get; }

    int CurrentKeyGroup { get; }

    IInternalValueState<TNamespace, T> GetValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull;

    IInternalListState<TNamespace, T> GetListState<TNamespace, T>(ListStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull;

    IInternalMapState<TNamespace, TKey, TValue> GetMapState<TNamespace, TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor, TNamespace ns)
        where TNamespace : notnull where TKey : notnull;

    IInternalReducingState<TNamespace, T> GetReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull;

    IInternalAggregatingState<TNamespace, TIn, TOut> GetAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor, TNamespace ns) where TNamespace : notnull;

    /// <summary>The state a descriptor names, as mergeable state (for triggers' OnMerge); fails for value and map state.</summary>
    IInternalMergingState<TNamespace> GetMergingState<TNamespace>(StateDescriptor descriptor, TNamespace ns) where TNamespace : notnull;

    /// <summary>The timer service named <paramref name="name"/>, created on first use (restored timers included).</summary>
    IInternalTimerService<TNamespace> GetInternalTimerService<TNamespace>(string name, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService)
        where TNamespace : notnull;
}

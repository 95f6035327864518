namespace Brook.Streaming.State.Internal;

/// <summary>Keyed state as operators see it: the namespace (window) can be switched before each access.</summary>
internal interface IInternalKvState<in TNamespace> : IState
{
    void SetCurrentNamespace(TNamespace ns);
}

/// <summary>Keyed state whose values under several namespaces can be merged into one (session windows).</summary>
internal interface IInternalMergingState<TNamespace> : IInternalKvState<TNamespace>
{
    /// <summary>Merges the current key's values under <paramref name="sources"/> into <paramref name="target"/> and removes the sources.</summary>
    void MergeNamespaces(TNamespace target, IEnumerable<TNamespace> sources);
}

/// <summary>Appending state (list, reducing, aggregating) with namespaces: what window contents are kept in.</summary>
internal interface IInternalAppendingState<TNamespace, in TIn, TOut> : IAppendingState<TIn, TOut>, IInternalMergingState<TNamespace>;

internal interface IInternalValueState<TNamespace, T> : IValueState<T>, IInternalKvState<TNamespace>;

internal interface IInternalListState<TNamespace, T> : IListState<T>, IInternalAppendingState<TNamespace, T, IEnumerable<T>>;

internal interface IInternalMapState<TNamespace, TKey, TValue> : IMapState<TKey, TValue>, IInternalKvState<TNamespace> where TKey : notnull;

internal interface IInternalReducingState<TNamespace, T> : IReducingState<T>, IInternalAppendingState<TNamespace, T, T>;

internal interface IInternalAggregatingState<TNamespace, in TIn, TOut> : IAggregatingState<TIn, TOut>, IInternalAppendingState<TNamespace, TIn, TOut>;

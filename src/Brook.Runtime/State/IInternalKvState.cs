namespace Brook.Runtime.State;

/// <summary>Keyed state as operators see it: the namespace (window) can be switched before each access.</summary>
public interface IInternalKvState<in TNamespace>
{
    void SetCurrentNamespace(TNamespace ns);
}

/// <summary>Keyed state whose values under several namespaces can be merged into one (session windows).</summary>
public interface IInternalMergingState<TNamespace> : IInternalKvState<TNamespace>
{
    /// <summary>Merges the current key's values under <paramref name="sources"/> into <paramref name="target"/> and removes the sources.</summary>
    void MergeNamespaces(TNamespace target, IEnumerable<TNamespace> sources);
}

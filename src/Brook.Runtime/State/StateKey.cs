namespace Brook.Runtime.State;

/// <summary>Where a keyed state value lives inside its key group: the key (typed, never boxed) and the namespace (window).</summary>
internal readonly struct StateKey<TKey, TNamespace>(TKey key, TNamespace ns) : IEquatable<StateKey<TKey, TNamespace>>
{
    public TKey Key { get; } = key;

    public TNamespace Namespace { get; } = ns;

    public bool Equals(StateKey<TKey, TNamespace> other) =>
        EqualityComparer<TKey>.Default.Equals(Key, other.Key) && EqualityComparer<TNamespace>.Default.Equals(Namespace, other.Namespace);

    public override bool Equals(object? obj) => obj is StateKey<TKey, TNamespace> other && Equals(other);

    public override int GetHashCode() =>
        (EqualityComparer<TKey>.Default.GetHashCode(Key!) * -1521134295) + EqualityComparer<TNamespace>.Default.GetHashCode(Namespace!);
}

using Brook.Streaming.State.Internal;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// A timer as the timer queues keep it: time, typed key and namespace (no boxed key, so deduplicating the
/// same timer registered for every record of a key costs no allocation). Two with the same three are the same timer.
/// </summary>
internal readonly struct TimerKey<TKey, TNamespace>(long timestamp, TKey key, TNamespace ns) : IEquatable<TimerKey<TKey, TNamespace>>
    where TNamespace : notnull
{
    public long Timestamp { get; } = timestamp;

    public TKey Key { get; } = key;

    public TNamespace Namespace { get; } = ns;

    public bool Equals(TimerKey<TKey, TNamespace> other) =>
        Timestamp == other.Timestamp && EqualityComparer<TKey>.Default.Equals(Key, other.Key)
        && EqualityComparer<TNamespace>.Default.Equals(Namespace, other.Namespace);

    public override bool Equals(object? obj) => obj is TimerKey<TKey, TNamespace> other && Equals(other);

    // A plain multiply-add: this is computed for every timer registration (once per element in windows).
    public override int GetHashCode() =>
        (((EqualityComparer<TKey>.Default.GetHashCode(Key!) * -1521134295) + EqualityComparer<TNamespace>.Default.GetHashCode(Namespace)) * -1521134295)
        + Timestamp.GetHashCode();

    /// <summary>The timer as operators receive it when it fires (the key boxed once per firing, not per registration).</summary>
    public InternalTimer<TNamespace> ToInternalTimer() => new(Timestamp, Key!, Namespace);
}

namespace Brook.Runtime.State.Timers;

/// <summary>A timer for one key and namespace at one time; two timers with the same three are the same timer.</summary>
public readonly record struct InternalTimer<TNamespace>(long Timestamp, object Key, TNamespace Namespace);

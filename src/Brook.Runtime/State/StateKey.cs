namespace Brook.Runtime.State;

/// <summary>Where a keyed state value lives inside its key group: the key and the namespace (window).</summary>
internal readonly record struct StateKey<TNamespace>(object Key, TNamespace Namespace);

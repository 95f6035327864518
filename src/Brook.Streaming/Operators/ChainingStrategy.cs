namespace Brook.Streaming.Operators;

/// <summary>Flink's ChainingStrategy.</summary>
public enum ChainingStrategy
{
    /// <summary>Chains with its predecessor and successors whenever the chaining rules allow.</summary>
    Always,

    /// <summary>Starts a new chain (does not chain to its predecessor) but successors may chain to it.</summary>
    Head,

    /// <summary>Never chained, in either direction.</summary>
    Never,
}

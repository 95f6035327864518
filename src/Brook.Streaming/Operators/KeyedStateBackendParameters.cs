using Brook.Core.Hashing;

namespace Brook.Streaming.Operators;

/// <summary>What a keyed backend is created for: one operator of one subtask.</summary>
public sealed record KeyedStateBackendParameters(
    string JobId,
    string OperatorId,
    string OperatorName,
    int SubtaskIndex,
    int MaxParallelism,
    KeyGroupRange KeyGroupRange)
{
    /// <summary>
    /// A keyed operator of a BATCH job: its input arrives grouped by key, the backend keeps only the current key's state
    /// and fires a key's timers when the key ends (Flink's BatchExecutionKeyedStateBackend).
    /// </summary>
    public bool BatchExecution { get; init; }
}

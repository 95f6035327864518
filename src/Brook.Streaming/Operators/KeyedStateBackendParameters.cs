using Brook.Core.Hashing;

namespace Brook.Streaming.Operators;

/// <summary>What a keyed backend is created for: one operator of one subtask.</summary>
public sealed record KeyedStateBackendParameters(
    string JobId,
    string OperatorId,
    string OperatorName,
    int SubtaskIndex,
    int MaxParallelism,
    KeyGroupRange KeyGroupRange);

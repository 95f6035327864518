namespace Brook.Streaming.Operators;

/// <summary>What an operator state backend is created for: one operator of one subtask.</summary>
public sealed record OperatorStateBackendParameters(
    string JobId,
    string OperatorId,
    string OperatorName,
    int SubtaskIndex,
    int Parallelism);

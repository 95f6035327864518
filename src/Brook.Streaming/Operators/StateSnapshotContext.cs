using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>The checkpoint an operator snapshots its state for (Flink's StateSnapshotContext).</summary>
public sealed record StateSnapshotContext(long CheckpointId, long CheckpointTimestamp) : IFunctionSnapshotContext;

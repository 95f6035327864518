namespace Brook.Streaming.Functions;

/// <summary>What <see cref="ICheckpointedFunction.SnapshotState"/> gets (Flink's FunctionSnapshotContext).</summary>
public interface IFunctionSnapshotContext
{
    long CheckpointId { get; }

    /// <summary>When the JobManager triggered the checkpoint (epoch milliseconds).</summary>
    long CheckpointTimestamp { get; }
}

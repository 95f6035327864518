namespace Brook.Runtime.Checkpointing;

/// <summary>A checkpoint failed (Flink's CheckpointException), with the reason.</summary>
public sealed class CheckpointException(CheckpointFailureReason reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public CheckpointFailureReason Reason { get; } = reason;
}

namespace Brook.Streaming.Functions;

/// <summary>
/// A user function (or sink writer) told when a checkpoint it took part in completed or was aborted (Flink's
/// CheckpointListener). Calls arrive on the task thread, between records; a completion notification may be
/// skipped when a later checkpoint completes first, so implementations act on "everything up to this id".
/// </summary>
public interface ICheckpointListener
{
    void NotifyCheckpointComplete(long checkpointId);

    void NotifyCheckpointAborted(long checkpointId)
    {
    }
}

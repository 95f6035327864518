namespace Brook.Runtime.Checkpointing;

/// <summary>
/// One in-flight record of an unaligned checkpoint (Flink's input channel state): a record the task received before
/// the barrier but had not processed when it took its snapshot, replayed into input <see cref="Input"/> (1 or 2) on
/// restore. <see cref="KeyGroup"/> (or -1) places it when the job restores at another parallelism; <see cref="Record"/>
/// is the value and timestamp, serialized as state is.
/// </summary>
internal sealed record InputChannelStateEntry(int Input, int KeyGroup, byte[] Record);

namespace Brook.Runtime.Network;

/// <summary>
/// A barrier put ahead of a channel's queue (Flink's priority event), with what the consumer needs to persist the
/// records it overtook: <see cref="RingSequence"/>, the number of buffers in the channel's ring when it was sent (those
/// below it precede it), <see cref="Sequence"/>, that plus the producer's buffers not sent yet (they precede it too
/// and follow in order), and copies of those unsent buffers' records with their key groups (or -1), one list per buffer
/// (the k-th is buffer <c>RingSequence + k</c>).
/// </summary>
internal sealed record PriorityBarrier<T>(
    Checkpointing.CheckpointBarrier Barrier,
    long Sequence,
    long RingSequence,
    IReadOnlyList<IReadOnlyList<(Brook.Streaming.Operators.StreamRecord<T> Record, int KeyGroup)>> Unsent);

namespace Brook.Streaming.Sinks;

/// <summary>
/// The first phase of a two-phase commit (Flink's CommittingSinkWriter): at every checkpoint barrier the writer
/// hands over what it wrote since the previous one as committables, which the checkpoint stores and the
/// <see cref="ICommitter{TCommittable}"/> makes visible once the checkpoint completes.
/// </summary>
public interface ICommittingSinkWriter<T, TCommittable> : ISinkWriter<T>
{
    /// <summary>
    /// Called in the synchronous part of a checkpoint, after <see cref="ISinkWriter{T}.Flush"/>(false), and once
    /// more at the end of a bounded input after Flush(true), when everything still open must be handed over.
    /// </summary>
    IReadOnlyCollection<TCommittable> PrepareCommit();
}

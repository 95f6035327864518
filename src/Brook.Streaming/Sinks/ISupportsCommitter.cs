namespace Brook.Streaming.Sinks;

/// <summary>
/// A sink with exactly-once output through a two-phase commit (Flink's SupportsCommitter): its writers are
/// <see cref="ICommittingSinkWriter{T,TCommittable}"/>s and its committer commits their committables.
/// </summary>
public interface ISupportsCommitter<T, TCommittable> : ISink<T>
{
    ISimpleVersionedSerializer<TCommittable> CommittableSerializer { get; }

    ICommitter<TCommittable> CreateCommitter(ISinkWriterContext context);
}

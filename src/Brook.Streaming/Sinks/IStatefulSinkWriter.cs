namespace Brook.Streaming.Sinks;

/// <summary>
/// A writer whose state goes into checkpoints (Flink's StatefulSinkWriter), e.g. the in-progress file and its
/// length, so that after a failure the restored writer resumes where the checkpoint left it.
/// </summary>
public interface IStatefulSinkWriter<T, TWriterState> : ISinkWriter<T>
{
    /// <summary>Called in the synchronous part of checkpoint <paramref name="checkpointId"/>, after <see cref="ICommittingSinkWriter{T,TCommittable}.PrepareCommit"/>.</summary>
    IReadOnlyList<TWriterState> SnapshotState(long checkpointId);
}

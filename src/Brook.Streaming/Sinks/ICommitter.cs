namespace Brook.Streaming.Sinks;

/// <summary>
/// The second phase of a two-phase commit (Flink's Committer). Runs in the sink's subtask, on the task thread:
/// when a checkpoint completes it gets the committables prepared up to that checkpoint; after a restore it gets
/// the restored committables again, some of which may have been committed before the failure, so committing must
/// be idempotent (<see cref="ICommitRequest{TCommittable}.SignalAlreadyCommitted"/>).
/// </summary>
public interface ICommitter<TCommittable> : IDisposable
{
    /// <summary>Commits each request; a request left untouched counts as committed.</summary>
    void Commit(IReadOnlyCollection<ICommitRequest<TCommittable>> requests);
}

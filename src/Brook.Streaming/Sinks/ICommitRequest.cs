namespace Brook.Streaming.Sinks;

/// <summary>One committable to commit and the committer's verdict on it (Flink's Committer.CommitRequest).</summary>
public interface ICommitRequest<TCommittable>
{
    TCommittable Committable { get; }

    /// <summary>How often this committable was retried (0 on the first attempt).</summary>
    int NumberOfRetries { get; }

    /// <summary>The commit failed for a reason the committer understands: the committable is dropped.</summary>
    void SignalFailedWithKnownReason(Exception cause);

    /// <summary>The commit failed for an unknown reason: the subtask fails, and the restart re-commits from the checkpoint.</summary>
    void SignalFailedWithUnknownReason(Exception cause);

    /// <summary>Retry this committable at the next completed checkpoint (or at once at the end of input).</summary>
    void RetryLater();

    /// <summary>Retry later with a changed committable.</summary>
    void UpdateAndRetryLater(TCommittable committable);

    /// <summary>The committable was committed before (a re-commit after a restore): nothing to do.</summary>
    void SignalAlreadyCommitted();
}

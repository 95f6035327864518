namespace Brook.Streaming.Sinks;

/// <summary>A committable on its way through the committer, with the checkpoint that prepared it.</summary>
internal sealed class CommitRequest<TCommittable>(long checkpointId, TCommittable committable) : ICommitRequest<TCommittable>
{
    public enum Outcome
    {
        Committed,
        AlreadyCommitted,
        Retry,
        FailedWithKnownReason,
        FailedWithUnknownReason,
    }

    public long CheckpointId { get; } = checkpointId;

    public TCommittable Committable { get; private set; } = committable;

    public int NumberOfRetries { get; private set; }

    public Outcome Result { get; private set; }

    public Exception? Failure { get; private set; }

    /// <summary>Before each commit attempt: the verdict of the previous one no longer applies.</summary>
    public void StartAttempt()
    {
        if (Result == Outcome.Retry) NumberOfRetries++;
        Result = Outcome.Committed;
        Failure = null;
    }

    public void SignalFailedWithKnownReason(Exception cause)
    {
        Result = Outcome.FailedWithKnownReason;
        Failure = cause;
    }

    public void SignalFailedWithUnknownReason(Exception cause)
    {
        Result = Outcome.FailedWithUnknownReason;
        Failure = cause;
    }

    public void RetryLater() => Result = Outcome.Retry;

    public void UpdateAndRetryLater(TCommittable committable)
    {
        Committable = committable;
        Result = Outcome.Retry;
    }

    public void SignalAlreadyCommitted() => Result = Outcome.AlreadyCommitted;
}

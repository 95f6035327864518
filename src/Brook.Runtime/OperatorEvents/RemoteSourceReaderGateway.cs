using Brook.Runtime.Checkpointing;
using Brook.Runtime.Tasks;
using Brook.Streaming.Sources;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// JobManager side: a reader in a TaskManager process as its split enumerator sees it. Assignments become operator
/// events (splits serialized as in checkpoints) sent to attempt <see cref="AttemptNumber"/> of the subtask; sends not
/// yet delivered are tracked, so a checkpoint can wait until every split assigned before its enumerator snapshot is
/// in the reader's mailbox ahead of the barrier (Flink's SubtaskGatewayImpl).
/// </summary>
internal sealed class RemoteSourceReaderGateway<TSplit>(int subtask, int attemptNumber, ISubtaskGateway gateway) : ISourceReaderGateway<TSplit>
    where TSplit : ISourceSplit
{
    private readonly Lock _lock = new();
    private readonly List<Task> _inFlight = [];

    public int AttemptNumber => attemptNumber;

    public void AddSplits(IReadOnlyList<TSplit> splits) =>
        Send(new OperatorEvent(OperatorEventKind.AddSplits, subtask, attemptNumber, splits.Select(SourceSplitSerializer<TSplit>.Write).ToList()));

    public void NoMoreSplits() => Send(new OperatorEvent(OperatorEventKind.NoMoreSplits, subtask, attemptNumber));

    public void Fail(Exception cause) => gateway.FailSubtask(cause);

    private void Send(OperatorEvent e)
    {
        var bytes = OperatorEventSerializer.Write(e);
        Task sent;
        try
        {
            sent = gateway.SendEvent(bytes);
        }
        catch (Exception ex)
        {
            sent = Task.FromException(ex);
        }
        // The enumerator counts the split as assigned: if it never arrives, only a restart from the checkpoint recovers it.
        sent.ContinueWith(t => gateway.FailSubtask(new IOException(
                $"The {e.Kind} operator event to source subtask {subtask} (attempt {attemptNumber}) could not be delivered: {t.Exception!.InnerException!.Message}",
                t.Exception.InnerException)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_lock)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            if (!sent.IsCompletedSuccessfully) _inFlight.Add(sent);
        }
    }

    /// <summary>
    /// Blocks until every event sent so far reached the task; throws if one cannot have, or after
    /// <paramref name="timeout"/> (the checkpoint waiting on it then fails instead of missing a split).
    /// </summary>
    public void WaitUntilDelivered(TimeSpan timeout)
    {
        Task[] pending;
        lock (_lock) pending = _inFlight.Where(t => !t.IsCompletedSuccessfully).ToArray();
        if (pending.Length == 0) return;
        try
        {
            if (!Task.WaitAll(pending, timeout))
                throw new TimeoutException($"Operator events to source subtask {subtask} (attempt {attemptNumber}) were not delivered within {timeout}.");
        }
        catch (AggregateException e)
        {
            throw new IOException($"An operator event to source subtask {subtask} (attempt {attemptNumber}) was not delivered: {e.InnerException!.Message}", e.InnerException);
        }
    }
}

namespace Brook.Streaming.Sources;

/// <summary>
/// Discovers splits and hands them to readers. Runs in the JobMaster's source coordinator; its methods
/// are called one at a time (never concurrently).
/// </summary>
public interface ISplitEnumerator<TSplit> : IDisposable where TSplit : ISourceSplit
{
    void Start();

    /// <summary>A reader asked for work (<see cref="ISourceReaderContext.SendSplitRequest"/>).</summary>
    void HandleSplitRequest(int subtaskId);

    /// <summary>Splits given back, e.g. by a failed reader.</summary>
    void AddSplitsBack(IReadOnlyList<TSplit> splits, int subtaskId);

    /// <summary>The reader of <paramref name="subtaskId"/> registered.</summary>
    void AddReader(int subtaskId);

    /// <summary>
    /// The splits not assigned yet, each with the subtask it is meant for (-1: any), for checkpoint
    /// <paramref name="checkpointId"/> (Flink's SplitEnumerator.snapshotState). Taken atomically with the
    /// checkpoint's trigger: splits assigned afterwards are in the readers' state, not here.
    /// </summary>
    IReadOnlyList<(int Subtask, TSplit Split)> SnapshotState(long checkpointId) =>
        throw new NotSupportedException($"The split enumerator {GetType().Name} cannot be checkpointed: it does not implement SnapshotState.");
}

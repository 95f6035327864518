using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

/// <summary>
/// Reads the splits assigned to one subtask. Called only on the task thread; must not block: when it has
/// nothing, it returns <see cref="InputStatus.NothingAvailable"/> and completes <see cref="IsAvailable"/> later.
/// </summary>
public interface ISourceReader<T, TSplit> : IDisposable where TSplit : ISourceSplit
{
    void Start();

    /// <summary>Emits the next record(s) to <paramref name="output"/> (a few; not unboundedly many).</summary>
    InputStatus PollNext(ISourceOutput<T> output);

    /// <summary>Completes when <see cref="PollNext"/> may make progress again.</summary>
    Task IsAvailable();

    void AddSplits(IReadOnlyList<TSplit> splits);

    void NotifyNoMoreSplits();

    /// <summary>
    /// The splits this reader holds, with their current positions, for checkpoint <paramref name="checkpointId"/>
    /// (Flink's SourceReader.snapshotState); a restored reader gets them back through <see cref="AddSplits"/>
    /// before <see cref="Start"/>. A reader whose input cannot be replayed throws <see cref="NotSupportedException"/>,
    /// which declines the checkpoint.
    /// </summary>
    IReadOnlyList<TSplit> SnapshotState(long checkpointId) =>
        throw new NotSupportedException($"The source reader {GetType().Name} cannot be checkpointed: it does not implement SnapshotState.");

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed (Flink's CheckpointListener).</summary>
    void NotifyCheckpointComplete(long checkpointId)
    {
    }
}

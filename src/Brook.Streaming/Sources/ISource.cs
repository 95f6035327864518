namespace Brook.Streaming.Sources;

/// <summary>
/// A source as in Flink's FLIP-27: an enumerator (one per job, in the JobMaster) discovers splits and
/// assigns them to readers (one per subtask, in the tasks), which read records from their splits.
/// </summary>
public interface ISource<T, TSplit> where TSplit : ISourceSplit
{
    Boundedness Boundedness { get; }

    ISplitEnumerator<TSplit> CreateEnumerator(ISplitEnumeratorContext<TSplit> context);

    ISourceReader<T, TSplit> CreateReader(ISourceReaderContext context);

    /// <summary>An enumerator that resumes from <paramref name="checkpoint"/> (what <see cref="ISplitEnumerator{TSplit}.SnapshotState"/> returned).</summary>
    ISplitEnumerator<TSplit> RestoreEnumerator(ISplitEnumeratorContext<TSplit> context, IReadOnlyList<(int Subtask, TSplit Split)> checkpoint) =>
        throw new NotSupportedException($"The source {GetType().Name} cannot restore its split enumerator from a checkpoint.");
}

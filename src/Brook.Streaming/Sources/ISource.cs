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
}

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
}

/// <summary>What an enumerator can do: see readers, assign splits, end a reader's input.</summary>
public interface ISplitEnumeratorContext<TSplit> where TSplit : ISourceSplit
{
    int CurrentParallelism { get; }

    IReadOnlyCollection<int> RegisteredReaders { get; }

    void AssignSplit(TSplit split, int subtaskId);

    /// <summary>The reader will get no more splits; once its splits are read, its input ends.</summary>
    void SignalNoMoreSplits(int subtaskId);
}

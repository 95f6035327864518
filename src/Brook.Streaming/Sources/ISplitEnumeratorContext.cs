namespace Brook.Streaming.Sources;

/// <summary>What an enumerator can do: see readers, assign splits, end a reader's input.</summary>
public interface ISplitEnumeratorContext<TSplit> where TSplit : ISourceSplit
{
    int CurrentParallelism { get; }

    IReadOnlyCollection<int> RegisteredReaders { get; }

    void AssignSplit(TSplit split, int subtaskId);

    /// <summary>The reader will get no more splits; once its splits are read, its input ends.</summary>
    void SignalNoMoreSplits(int subtaskId);
}

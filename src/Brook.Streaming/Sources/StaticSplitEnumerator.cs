namespace Brook.Streaming.Sources;

/// <summary>Hands out a fixed set of splits, one per request, then signals no more splits (Flink's IteratorSourceEnumerator).</summary>
public sealed class StaticSplitEnumerator<TSplit>(ISplitEnumeratorContext<TSplit> context, IEnumerable<TSplit> splits) : ISplitEnumerator<TSplit>
    where TSplit : ISourceSplit
{
    private readonly Queue<TSplit> _remaining = new(splits);

    public IReadOnlyList<(int Subtask, TSplit Split)> SnapshotState(long checkpointId) => _remaining.Select(s => (-1, s)).ToList();

    public void Start()
    {
    }

    public void HandleSplitRequest(int subtaskId)
    {
        if (_remaining.TryDequeue(out var split)) context.AssignSplit(split, subtaskId);
        else context.SignalNoMoreSplits(subtaskId);
    }

    public void AddSplitsBack(IReadOnlyList<TSplit> splits, int subtaskId)
    {
        foreach (var s in splits) _remaining.Enqueue(s);
    }

    public void AddReader(int subtaskId)
    {
    }

    public void Dispose()
    {
    }
}

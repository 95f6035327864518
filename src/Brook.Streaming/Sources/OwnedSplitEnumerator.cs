namespace Brook.Streaming.Sources;

/// <summary>
/// Assigns split i to subtask i mod parallelism, one per request, then signals no more splits: an even,
/// reproducible distribution (each subtask reads the same range every run), used by the sequence,
/// collection and generator sources.
/// </summary>
public sealed class OwnedSplitEnumerator<TSplit> : ISplitEnumerator<TSplit> where TSplit : ISourceSplit
{
    private readonly ISplitEnumeratorContext<TSplit> _context;
    private readonly Dictionary<int, Queue<TSplit>> _bySubtask = new();

    public OwnedSplitEnumerator(ISplitEnumeratorContext<TSplit> context, IEnumerable<TSplit> splits)
    {
        _context = context;
        var i = 0;
        foreach (var s in splits) Queue(i++ % context.CurrentParallelism).Enqueue(s);
    }

    /// <summary>Resumes from a checkpoint: each split stays with its subtask (modulo the current parallelism).</summary>
    public OwnedSplitEnumerator(ISplitEnumeratorContext<TSplit> context, IReadOnlyList<(int Subtask, TSplit Split)> checkpoint)
    {
        _context = context;
        var i = 0;
        foreach (var (subtask, split) in checkpoint) Queue((subtask >= 0 ? subtask : i++) % context.CurrentParallelism).Enqueue(split);
    }

    public IReadOnlyList<(int Subtask, TSplit Split)> SnapshotState(long checkpointId) =>
        _bySubtask.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value.Select(s => (kv.Key, s))).ToList();

    private Queue<TSplit> Queue(int subtask)
    {
        if (!_bySubtask.TryGetValue(subtask, out var q)) _bySubtask[subtask] = q = new Queue<TSplit>();
        return q;
    }

    public void Start()
    {
    }

    public void HandleSplitRequest(int subtaskId)
    {
        if (Queue(subtaskId).TryDequeue(out var split)) _context.AssignSplit(split, subtaskId);
        else _context.SignalNoMoreSplits(subtaskId);
    }

    public void AddSplitsBack(IReadOnlyList<TSplit> splits, int subtaskId)
    {
        foreach (var s in splits) Queue(subtaskId).Enqueue(s);
    }

    public void AddReader(int subtaskId)
    {
    }

    public void Dispose()
    {
    }
}

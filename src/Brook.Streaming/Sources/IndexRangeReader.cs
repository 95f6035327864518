namespace Brook.Streaming.Sources;

/// <summary>
/// Reads <see cref="IndexRangeSplit"/>s by computing each element from its index: the reader behind the
/// sequence, collection and data-generator sources. Asks for the next split when one is done.
/// </summary>
public sealed class IndexRangeReader<T>(ISourceReaderContext context, Func<long, T>? element, RateLimiter? limiter = null)
    : ISourceReader<T, IndexRangeSplit>
{
    // A null element function means "the index itself" (T is long): the sequence source, without a call per record.
    private const int MaxPerPoll = 256;
    private long[]? _numbers;
    private readonly ReaderSplitQueue<IndexRangeSplit> _splits = new(context);
    private long _next;
    private long _end;
    private bool _hasCurrent;
    private string _currentId = "";
    private Task? _limiterWait;

    public void Start() => _splits.Start();

    public InputStatus PollNext(ISourceOutput<T> output)
    {
        if (!_hasCurrent)
        {
            if (!_splits.TryNext(out var split, out var status)) return status;
            _currentId = split.SplitId;
            _next = split.Start;
            _end = split.End;
            _hasCurrent = true;
        }
        var n = (int)Math.Min(MaxPerPoll, _end - _next);
        if (limiter is not null)
        {
            n = limiter.TryAcquire(n);
            if (n == 0)
            {
                _limiterWait = limiter.WhenNextPermit();
                return InputStatus.NothingAvailable;
            }
        }
        var next = _next;
        var stop = next + n;
        if (element is null)
        {
            // The poll's numbers go on as one batch (one call into the chain, not one per record).
            var longs = _numbers ??= new long[MaxPerPoll];
            for (var i = 0; i < n; i++) longs[i] = next + i;
            ((ISourceOutput<long>)output).CollectBatch(longs.AsSpan(0, n));
            next = stop;
        }
        else
        {
            // One element at a time: a generator function runs only when its record can go on (back pressure bounds it).
            for (; next < stop; next++) output.Collect(element(next));
        }
        _next = next;
        if (next >= _end)
        {
            _hasCurrent = false;
            _splits.RequestIfDrained();
        }
        return InputStatus.MoreAvailable;
    }

    public Task IsAvailable()
    {
        if (_limiterWait is { } wait)
        {
            _limiterWait = null;
            return wait;
        }
        return _splits.IsAvailable(_hasCurrent);
    }

    public void AddSplits(IReadOnlyList<IndexRangeSplit> splits) => _splits.Add(splits);

    public void NotifyNoMoreSplits() => _splits.NotifyNoMoreSplits();

    public IReadOnlyList<IndexRangeSplit> SnapshotState(long checkpointId)
    {
        var splits = new List<IndexRangeSplit>();
        if (_hasCurrent) splits.Add(new IndexRangeSplit(_currentId, _next, _end));
        splits.AddRange(_splits.Pending);
        return splits;
    }

    public void Dispose()
    {
    }
}

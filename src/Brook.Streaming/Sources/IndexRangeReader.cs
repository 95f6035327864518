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
    private readonly Queue<IndexRangeSplit> _splits = new();
    private long _next;
    private long _end;
    private bool _hasCurrent;
    private bool _requested;
    private bool _noMoreSplits;
    private TaskCompletionSource? _available;
    private Task? _limiterWait;

    public void Start()
    {
        _requested = true;
        context.SendSplitRequest();
    }

    public InputStatus PollNext(ISourceOutput<T> output)
    {
        if (!_hasCurrent)
        {
            if (_splits.TryDequeue(out var split))
            {
                _next = split.Start;
                _end = split.End;
                _hasCurrent = true;
            }
            else if (_noMoreSplits)
            {
                return InputStatus.EndOfInput;
            }
            else
            {
                if (!_requested)
                {
                    _requested = true;
                    context.SendSplitRequest();
                }
                return InputStatus.NothingAvailable;
            }
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
            var longs = (ISourceOutput<long>)output;
            for (; next < stop; next++) longs.Collect(next);
        }
        else
        {
            for (; next < stop; next++) output.Collect(element(next));
        }
        _next = next;
        if (next >= _end)
        {
            _hasCurrent = false;
            if (_splits.Count == 0 && !_noMoreSplits && !_requested)
            {
                _requested = true;
                context.SendSplitRequest();
            }
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
        if (_hasCurrent || _splits.Count > 0 || _noMoreSplits) return Task.CompletedTask;
        _available ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _available.Task;
    }

    public void AddSplits(IReadOnlyList<IndexRangeSplit> splits)
    {
        foreach (var s in splits) _splits.Enqueue(s);
        _requested = false;
        Signal();
    }

    public void NotifyNoMoreSplits()
    {
        _noMoreSplits = true;
        Signal();
    }

    private void Signal()
    {
        var a = _available;
        _available = null;
        a?.TrySetResult();
    }

    public void Dispose()
    {
    }
}

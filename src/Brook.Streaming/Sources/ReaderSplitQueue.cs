using System.Diagnostics.CodeAnalysis;

namespace Brook.Streaming.Sources;

/// <summary>
/// A source reader's pending splits: asks the enumerator for one split at a time (never twice before an
/// answer), knows when no more will come, and completes the reader's availability future when one arrives.
/// </summary>
public sealed class ReaderSplitQueue<TSplit>(ISourceReaderContext context)
{
    private readonly Queue<TSplit> _splits = new();
    private bool _requested;
    private bool _noMoreSplits;
    private TaskCompletionSource? _available;

    public void Start() => Request();

    /// <summary>The assigned splits not started yet, in order (for a checkpoint).</summary>
    public IEnumerable<TSplit> Pending => _splits;

    /// <summary>
    /// The next assigned split; without one, <paramref name="status"/> says whether input ended or the reader
    /// waits (having asked for a split).
    /// </summary>
    public bool TryNext([MaybeNullWhen(false)] out TSplit split, out InputStatus status)
    {
        if (_splits.TryDequeue(out split))
        {
            status = InputStatus.MoreAvailable;
            return true;
        }
        if (_noMoreSplits)
        {
            status = InputStatus.EndOfInput;
            return false;
        }
        if (!_requested) Request();
        status = InputStatus.NothingAvailable;
        return false;
    }

    /// <summary>Asks ahead for the next split once the current one is done and none is queued or asked for.</summary>
    public void RequestIfDrained()
    {
        if (_splits.Count == 0 && !_noMoreSplits && !_requested) Request();
    }

    public Task IsAvailable(bool hasCurrent)
    {
        if (hasCurrent || _splits.Count > 0 || _noMoreSplits) return Task.CompletedTask;
        _available ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _available.Task;
    }

    public void Add(IReadOnlyList<TSplit> splits)
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

    private void Request()
    {
        _requested = true;
        context.SendSplitRequest();
    }

    private void Signal()
    {
        var a = _available;
        _available = null;
        a?.TrySetResult();
    }
}

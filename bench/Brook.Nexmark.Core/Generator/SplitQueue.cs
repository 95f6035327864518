using System.Diagnostics.CodeAnalysis;
using Brook.Streaming.Sources;

namespace Brook.Nexmark.Generator;

/// <summary>The reader side of split assignment (Brook.Streaming's ReaderSplitQueue is internal): ask, queue, signal.</summary>
internal sealed class SplitQueue<TSplit>(ISourceReaderContext context)
{
    private readonly Queue<TSplit> _splits = new();
    private bool _requested;
    private bool _noMoreSplits;
    private TaskCompletionSource? _available;

    public void Start() => Request();

    public IEnumerable<TSplit> Pending => _splits;

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

using Brook.Nexmark.Model;
using Brook.Streaming.Sources;

namespace Brook.Nexmark.Generator;

/// <summary>Emits its splits' events in order, each with its dateTime as the record timestamp.</summary>
internal sealed class NexmarkSourceReader(ISourceReaderContext context, GeneratorConfig config) : ISourceReader<Event, NexmarkSplit>
{
    private const int MaxPerPoll = 256;
    private readonly ReaderSplitQueue<NexmarkSplit> _splits = new(context);
    private NexmarkSplit? _current;
    private long _next;

    public void Start() => _splits.Start();

    public InputStatus PollNext(ISourceOutput<Event> output)
    {
        if (_current is null)
        {
            if (!_splits.TryNext(out var split, out var status)) return status;
            _current = split;
            _next = split.Next;
        }
        var stop = Math.Min(_current.End, _next + MaxPerPoll);
        var first = _current.FirstEventId;
        for (; _next < stop; _next++)
        {
            var e = NexmarkGenerator.NextEvent(config, first, _next);
            output.Collect(e, e.DateTime);
        }
        if (_next >= _current.End)
        {
            _current = null;
            _splits.RequestIfDrained();
        }
        return InputStatus.MoreAvailable;
    }

    public Task IsAvailable() => _splits.IsAvailable(_current is not null);

    public void AddSplits(IReadOnlyList<NexmarkSplit> splits) => _splits.Add(splits);

    public void NotifyNoMoreSplits() => _splits.NotifyNoMoreSplits();

    public IReadOnlyList<NexmarkSplit> SnapshotState(long checkpointId)
    {
        var splits = new List<NexmarkSplit>();
        if (_current is not null) splits.Add(_current with { Next = _next });
        splits.AddRange(_splits.Pending);
        return splits;
    }

    public void Dispose()
    {
    }
}

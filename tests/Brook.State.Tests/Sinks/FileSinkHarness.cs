using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sinks.Files;

namespace Brook.State.Tests.Sinks;

/// <summary>Drives a FileSink's writer and committer by hand, as the sink operator does at barriers, completions and restores.</summary>
internal sealed class FileSinkHarness(FileSink<string> sink, ManualProcessingTimeService time) : ISinkWriterContext, IDisposable
{
    private IStatefulSinkWriter<string, FileWriterBucketState> _writer = (IStatefulSinkWriter<string, FileWriterBucketState>)sink.CreateWriter(new Context(time));

    public int SubtaskIndex => 0;

    public int NumberOfParallelSubtasks => 1;

    public IRuntimeContext RuntimeContext => throw new NotSupportedException();

    public IProcessingTimeService ProcessingTimeService => time;

    public void Write(params string[] lines)
    {
        foreach (var line in lines) _writer.Write(line, new SinkRecordContext(null, long.MinValue));
    }

    /// <summary>A checkpoint's synchronous part: flush, prepare committables, snapshot the writer.</summary>
    public (IReadOnlyCollection<FileSinkCommittable> Committables, IReadOnlyList<FileWriterBucketState> State) Checkpoint(long id, bool endOfInput = false)
    {
        _writer.Flush(endOfInput);
        var committables = ((ICommittingSinkWriter<string, FileSinkCommittable>)_writer).PrepareCommit();
        var state = _writer.SnapshotState(id);
        // Through the checkpoint's format, as a restore reads them.
        return (committables.Select(c => RoundTrip(sink.CommittableSerializer, c)).ToList(), state.Select(s => RoundTrip(sink.WriterStateSerializer, s)).ToList());
    }

    /// <summary>Commits through the FileSink's committer; returns each request's outcome.</summary>
    public IReadOnlyList<CommitRequest<FileSinkCommittable>.Outcome> Commit(IEnumerable<FileSinkCommittable> committables)
    {
        var requests = committables.Select(c => new CommitRequest<FileSinkCommittable>(1, c)).ToList();
        using var committer = sink.CreateCommitter(this);
        committer.Commit(requests);
        return requests.Select(r => r.Result).ToList();
    }

    /// <summary>The subtask failed: its writer goes without committing, and a new one is restored from <paramref name="state"/>.</summary>
    public void FailAndRestore(IReadOnlyList<FileWriterBucketState> state)
    {
        _writer.Dispose();
        _writer = sink.RestoreWriter(this, state);
    }

    public void Dispose() => _writer.Dispose();

    private static T RoundTrip<T>(ISimpleVersionedSerializer<T> serializer, T value) => serializer.Deserialize(serializer.Version, serializer.Serialize(value));

    private sealed class Context(IProcessingTimeService time) : ISinkWriterContext
    {
        public int SubtaskIndex => 0;

        public int NumberOfParallelSubtasks => 1;

        public IRuntimeContext RuntimeContext => throw new NotSupportedException();

        public IProcessingTimeService ProcessingTimeService => time;
    }
}

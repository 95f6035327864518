using Brook.Streaming.Functions;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Decides where a job fails, shared by every subtask and attempt of the map that asks it (the test controls it): a
/// failure once the records processed so far (replays included) reach the next chosen count, provided a checkpoint
/// completed since the previous failure, so each restart restores real state and committed output.
/// </summary>
internal sealed class FailureInjector(long firstAt, long spacing, int failures, Func<int> committedFiles)
{
    private readonly Lock _lock = new();
    private readonly List<int> _committedFilesAtFailures = [];
    private long _processed;
    private long _nextAt = firstAt;
    private int _completedSinceFailure;

    public int Injected { get; private set; }

    /// <summary>How many finished part files were visible at each failure.</summary>
    public IReadOnlyList<int> CommittedFilesAtFailures
    {
        get
        {
            lock (_lock) return _committedFilesAtFailures.ToList();
        }
    }

    public void OnRecord(long value)
    {
        var processed = Interlocked.Increment(ref _processed);
        if (processed < Volatile.Read(ref _nextAt)) return;
        lock (_lock)
        {
            if (Injected == failures || processed < _nextAt || _completedSinceFailure == 0) return;
            Injected++;
            _nextAt = processed + spacing;
            _completedSinceFailure = 0;
            _committedFilesAtFailures.Add(committedFiles());
        }
        throw new InjectedFailureException($"Injected failure {Injected} at record {value} ({processed} processed).");
    }

    public void OnCheckpointComplete()
    {
        lock (_lock) _completedSinceFailure++;
    }

    /// <summary>The map in front of the job under test that fails where the injector says.</summary>
    public sealed class InjectingMap(FailureInjector injector) : RichMapFunction<long, long>, ICheckpointListener
    {
        public override long Map(long value)
        {
            injector.OnRecord(value);
            return value;
        }

        public void NotifyCheckpointComplete(long checkpointId) => injector.OnCheckpointComplete();
    }
}

using Brook.Streaming.Functions;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Decides where a job fails, shared by every subtask and attempt of the map that asks it (the test controls it): a
/// failure once the records processed since the previous failure (replays included) reach the plan's next spacing,
/// provided a checkpoint completed since the previous failure, so each restart restores real state and committed
/// output. A function exception is thrown by the map; a TaskExecutor stop is handed to <paramref name="stopTaskExecutor"/>,
/// which must not block the map (the map's own TaskExecutor may be the one to go).
/// </summary>
internal sealed class FailureInjector(FailurePlan plan, Func<int> committedFiles, Action<int> stopTaskExecutor)
{
    private readonly Lock _lock = new();
    private readonly List<int> _committedFilesAtFailures = [];
    private long _processed;
    private long _nextAt = plan.Failures.Count > 0 ? plan.Failures[0].Spacing : long.MaxValue;
    private int _completedSinceFailure;

    public static FailureInjector None { get; } = new(new FailurePlan([], "none"), () => 0, _ => { });

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
        FailureKind kind;
        lock (_lock)
        {
            if (Injected == plan.Failures.Count || processed < _nextAt || _completedSinceFailure == 0) return;
            kind = plan.Failures[Injected].Kind;
            Injected++;
            _nextAt = Injected < plan.Failures.Count ? processed + plan.Failures[Injected].Spacing : long.MaxValue;
            _completedSinceFailure = 0;
            _committedFilesAtFailures.Add(committedFiles());
        }
        if (kind == FailureKind.TaskExecutorStop) stopTaskExecutor(Injected);
        else throw new InjectedFailureException($"Injected failure {Injected} at record {value} ({processed} processed).");
    }

    public void OnCheckpointComplete()
    {
        lock (_lock) _completedSinceFailure++;
    }

    /// <summary>A TaskExecutor stop took effect: checkpoints of the attempts before it do not count for the next failure.</summary>
    public void OnTaskExecutorStopped()
    {
        lock (_lock) _completedSinceFailure = 0;
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

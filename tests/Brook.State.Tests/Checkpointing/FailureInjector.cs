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

    /// <summary>
    /// The map's attempts before this one are being replaced (a failure was injected while they ran): their records and
    /// checkpoint notifications do not count. After a TaskExecutor stop the old attempt runs on until it is cancelled,
    /// and may meanwhile learn of a checkpoint completed before the stop and reach the next spacing in its queued input:
    /// the next failure would then land inside the same failover and count once in the exception history.
    /// </summary>
    private int _firstLiveAttempt;

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

    public void OnRecord(long value, int attempt)
    {
        var processed = Interlocked.Increment(ref _processed);
        if (processed < Volatile.Read(ref _nextAt)) return;
        FailureKind kind;
        lock (_lock)
        {
            if (Injected == plan.Failures.Count || processed < _nextAt || _completedSinceFailure == 0 || attempt < _firstLiveAttempt) return;
            kind = plan.Failures[Injected].Kind;
            Injected++;
            _firstLiveAttempt = attempt + 1;
            _nextAt = Injected < plan.Failures.Count ? processed + plan.Failures[Injected].Spacing : long.MaxValue;
            _completedSinceFailure = 0;
            _committedFilesAtFailures.Add(committedFiles());
        }
        if (kind == FailureKind.TaskExecutorStop) stopTaskExecutor(Injected);
        else throw new InjectedFailureException($"Injected failure {Injected} at record {value} ({processed} processed).");
    }

    public void OnCheckpointComplete(int attempt)
    {
        lock (_lock)
        {
            if (attempt >= _firstLiveAttempt) _completedSinceFailure++;
        }
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
            injector.OnRecord(value, RuntimeContext.AttemptNumber);
            return value;
        }

        public void NotifyCheckpointComplete(long checkpointId) => injector.OnCheckpointComplete(RuntimeContext.AttemptNumber);
    }
}

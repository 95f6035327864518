namespace Brook.Runtime.Metrics;

/// <summary>
/// Per-subtask I/O and time metrics, written by the task thread (plain fields: one writer, no locks on the
/// hot path) and read by the JobMaster for snapshots (64-bit reads are atomic; a read may be a moment old).
/// Time is measured in TimeProvider timestamp ticks; a wait in progress counts up to the moment of reading.
/// <see cref="UpdateView"/> (every few seconds, from the TaskExecutor) fixes the window the per-second
/// rates are computed over, as Flink's metric views do.
/// </summary>
internal sealed class TaskMetrics(TimeProvider time)
{
    public long NumRecordsIn;
    public long NumRecordsOut;
    public long NumBytesIn;
    public long NumBytesOut;

    /// <summary>The task's input watermark (minimum over its active input channels); long.MinValue before the first.</summary>
    public long CurrentInputWatermark = long.MinValue;

    /// <summary>The last watermark the task emitted downstream (or, for a sink, its tail received).</summary>
    public long CurrentOutputWatermark = long.MinValue;
    /// <summary>The alignment time (ns) of the last checkpoint the task aligned barriers for (Flink's checkpointAlignmentTime).</summary>
    public long LastCheckpointAlignmentNanos;

    /// <summary>The time (ns) from a checkpoint's trigger to its first barrier reaching the task (Flink's checkpointStartDelayNanos).</summary>
    public long LastCheckpointStartDelayNanos;

    /// <summary>
    /// A source task's records in: the records its source operator emitted (Flink reuses the source's counter for the
    /// task), set while the metric system counts them; null for other tasks.
    /// </summary>
    public Func<long>? SourceRecordsIn;

    /// <summary>The task's records in, as every view reports them.</summary>
    public long RecordsIn() => Volatile.Read(ref SourceRecordsIn) is { } source ? source() : Volatile.Read(ref NumRecordsIn);

    private long _idleTicks;
    private long _backPressuredTicks;
    private long _idleSince;
    private long _backPressuredSince;
    private long _runningSince;
    private long _runningUntil;
    private readonly Lock _viewLock = new();
    private Sample? _previous;
    private Sample? _latest;

    public void MarkRunning() => Volatile.Write(ref _runningSince, time.GetTimestamp());

    public void MarkStopped()
    {
        if (Volatile.Read(ref _runningSince) != 0) Volatile.Write(ref _runningUntil, time.GetTimestamp());
    }

    public void StartIdle() => Volatile.Write(ref _idleSince, time.GetTimestamp());

    public void EndIdle()
    {
        var since = _idleSince;
        Volatile.Write(ref _idleSince, 0);
        Volatile.Write(ref _idleTicks, _idleTicks + time.GetTimestamp() - since);
    }

    public void StartBackPressure() => Volatile.Write(ref _backPressuredSince, time.GetTimestamp());

    public void EndBackPressure()
    {
        var since = _backPressuredSince;
        Volatile.Write(ref _backPressuredSince, 0);
        Volatile.Write(ref _backPressuredTicks, _backPressuredTicks + time.GetTimestamp() - since);
    }

    /// <summary>Closes a rate window: rates are reported over the last two calls.</summary>
    public void UpdateView()
    {
        var s = Take();
        lock (_viewLock)
        {
            _previous = _latest;
            _latest = s;
        }
    }

    public TaskMetricsSnapshot Snapshot()
    {
        var s = Take();
        Sample? a, b;
        lock (_viewLock)
        {
            a = _previous;
            b = _latest;
        }
        double busy = 0, idle = 0, back = 0, inRate = 0, outRate = 0;
        if (a is not null && b is not null && b.Now > a.Now)
        {
            var seconds = (b.Now - a.Now) / (double)time.TimestampFrequency;
            var runningMs = ToMs(b.Running - a.Running);
            idle = ToMs(b.Idle - a.Idle) / seconds;
            back = ToMs(b.BackPressured - a.BackPressured) / seconds;
            busy = Math.Max(0, runningMs / seconds - idle - back);
            inRate = (b.RecordsIn - a.RecordsIn) / seconds;
            outRate = (b.RecordsOut - a.RecordsOut) / seconds;
        }
        return new TaskMetricsSnapshot(
            s.RecordsIn, s.RecordsOut, Volatile.Read(ref NumBytesIn), Volatile.Read(ref NumBytesOut),
            (long)ToMs(Math.Max(0, s.Running - s.Idle - s.BackPressured)), (long)ToMs(s.Idle), (long)ToMs(s.BackPressured), (long)ToMs(s.Running),
            busy, idle, back, inRate, outRate)
        {
            CurrentInputWatermark = Volatile.Read(ref CurrentInputWatermark),
            CurrentOutputWatermark = Volatile.Read(ref CurrentOutputWatermark),
        };
    }

    private Sample Take()
    {
        var now = time.GetTimestamp();
        var since = Volatile.Read(ref _runningSince);
        var until = Volatile.Read(ref _runningUntil);
        var running = since == 0 ? 0 : (until == 0 ? now : until) - since;
        var idleSince = Volatile.Read(ref _idleSince);
        var idle = Volatile.Read(ref _idleTicks) + (idleSince != 0 && until == 0 ? now - idleSince : 0);
        var backSince = Volatile.Read(ref _backPressuredSince);
        var back = Volatile.Read(ref _backPressuredTicks) + (backSince != 0 && until == 0 ? now - backSince : 0);
        return new Sample(now, RecordsIn(), Volatile.Read(ref NumRecordsOut), running, Math.Min(idle, running), Math.Min(back, running));
    }

    /// <summary>Accumulated idle, back-pressured and busy time in ms (Flink's accumulated...TimeMs), from the same measurements as the snapshot.</summary>
    public long AccumulatedIdleMs() => (long)ToMs(Take().Idle);

    public long AccumulatedBackPressuredMs() => (long)ToMs(Take().BackPressured);

    public long AccumulatedBusyMs()
    {
        var s = Take();
        return (long)ToMs(Math.Max(0, s.Running - s.Idle - s.BackPressured));
    }

    /// <summary>Whether the task is waiting for output space right now (Flink's isBackPressured).</summary>
    public bool IsBackPressured => Volatile.Read(ref _backPressuredSince) != 0 && Volatile.Read(ref _runningUntil) == 0;

    /// <summary>How long the task has been waiting for input, in ms; 0 while it works.</summary>
    public long CurrentIdleMs()
    {
        var since = Volatile.Read(ref _idleSince);
        return since == 0 || Volatile.Read(ref _runningUntil) != 0 ? 0 : (long)ToMs(time.GetTimestamp() - since);
    }

    private double ToMs(long ticks) => ticks * 1000.0 / time.TimestampFrequency;

    private sealed record Sample(long Now, long RecordsIn, long RecordsOut, long Running, long Idle, long BackPressured);
}

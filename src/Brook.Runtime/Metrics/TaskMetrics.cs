namespace Brook.Runtime.Metrics;

/// <summary>
/// Per-subtask I/O and time metrics, written by the task thread (plain fields: one writer, no locks on the
/// hot path) and read by the JobMaster for snapshots (64-bit reads are atomic; a read may be a moment old).
/// Time is in TimeProvider timestamp ticks.
/// </summary>
internal sealed class TaskMetrics(TimeProvider time)
{
    public long NumRecordsIn;
    public long NumRecordsOut;
    public long NumBytesIn;
    public long NumBytesOut;
    public long IdleTicks;
    public long BackPressuredTicks;
    private long _runningSince;
    private long _runningUntil;

    public void MarkRunning() => Volatile.Write(ref _runningSince, time.GetTimestamp());

    public void MarkStopped()
    {
        if (Volatile.Read(ref _runningSince) != 0) Volatile.Write(ref _runningUntil, time.GetTimestamp());
    }

    public TaskMetricsSnapshot Snapshot()
    {
        var since = Volatile.Read(ref _runningSince);
        var until = Volatile.Read(ref _runningUntil);
        var running = since == 0 ? 0 : (until == 0 ? time.GetTimestamp() : until) - since;
        var idle = Volatile.Read(ref IdleTicks);
        var back = Volatile.Read(ref BackPressuredTicks);
        var busy = Math.Max(0, running - idle - back);
        return new TaskMetricsSnapshot(
            Volatile.Read(ref NumRecordsIn), Volatile.Read(ref NumRecordsOut), Volatile.Read(ref NumBytesIn), Volatile.Read(ref NumBytesOut),
            ToMs(busy), ToMs(idle), ToMs(back), ToMs(running));
    }

    private long ToMs(long ticks) => (long)(ticks * 1000.0 / time.TimestampFrequency);
}

/// <summary>
/// The measured metrics of one subtask at one moment. Times are accumulated milliseconds since the task
/// started running; a per-second rate (Flink's busyTimeMsPerSecond, ...) is the difference of two
/// snapshots divided by the seconds between them.
/// </summary>
public sealed record TaskMetricsSnapshot(
    long NumRecordsIn,
    long NumRecordsOut,
    long NumBytesIn,
    long NumBytesOut,
    long BusyTimeMs,
    long IdleTimeMs,
    long BackPressuredTimeMs,
    long RunningTimeMs)
{
    public static readonly TaskMetricsSnapshot Empty = new(0, 0, 0, 0, 0, 0, 0, 0);
}

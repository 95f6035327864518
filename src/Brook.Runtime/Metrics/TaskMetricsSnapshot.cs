namespace Brook.Runtime.Metrics;

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

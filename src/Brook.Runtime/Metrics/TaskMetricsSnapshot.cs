namespace Brook.Runtime.Metrics;

/// <summary>
/// The measured metrics of one subtask at one moment: counters since it started, accumulated times in ms
/// (busy + idle + back-pressured = running), and Flink's per-second rates (busyTimeMsPerSecond, ...,
/// numRecordsInPerSecond) over the TaskExecutor's last metric window (0 until one window has passed).
/// </summary>
public sealed record TaskMetricsSnapshot(
    long NumRecordsIn,
    long NumRecordsOut,
    long NumBytesIn,
    long NumBytesOut,
    long BusyTimeMs,
    long IdleTimeMs,
    long BackPressuredTimeMs,
    long RunningTimeMs,
    double BusyTimeMsPerSecond = 0,
    double IdleTimeMsPerSecond = 0,
    double BackPressuredTimeMsPerSecond = 0,
    double NumRecordsInPerSecond = 0,
    double NumRecordsOutPerSecond = 0)
{
    public static readonly TaskMetricsSnapshot Empty = new(0, 0, 0, 0, 0, 0, 0, 0);
}

namespace Brook.Runtime.Metrics;

/// <summary>Flink's metric names (MetricNames), as its dashboard, REST clients and Prometheus queries ask for them.</summary>
public static class MetricNames
{
    public const string NumRecordsIn = "numRecordsIn";
    public const string NumRecordsOut = "numRecordsOut";
    public const string NumRecordsInPerSecond = "numRecordsInPerSecond";
    public const string NumRecordsOutPerSecond = "numRecordsOutPerSecond";
    public const string NumBytesIn = "numBytesIn";
    public const string NumBytesOut = "numBytesOut";
    public const string NumBytesInPerSecond = "numBytesInPerSecond";
    public const string NumBytesOutPerSecond = "numBytesOutPerSecond";
    public const string IdleTimeMsPerSecond = "idleTimeMsPerSecond";
    public const string BusyTimeMsPerSecond = "busyTimeMsPerSecond";
    public const string BackPressuredTimeMsPerSecond = "backPressuredTimeMsPerSecond";
    public const string SoftBackPressuredTimeMsPerSecond = "softBackPressuredTimeMsPerSecond";
    public const string HardBackPressuredTimeMsPerSecond = "hardBackPressuredTimeMsPerSecond";
    public const string AccumulatedBusyTimeMs = "accumulatedBusyTimeMs";
    public const string AccumulatedIdleTimeMs = "accumulatedIdleTimeMs";
    public const string AccumulatedBackPressuredTimeMs = "accumulatedBackPressuredTimeMs";
    public const string IsBackPressured = "isBackPressured";
    public const string CurrentInputWatermark = "currentInputWatermark";
    public const string CurrentOutputWatermark = "currentOutputWatermark";
    public const string CheckpointAlignmentTime = "checkpointAlignmentTime";
    public const string CheckpointStartDelayNanos = "checkpointStartDelayNanos";
    public const string CurrentEmitEventTimeLag = "currentEmitEventTimeLag";
    public const string SourceIdleTime = "sourceIdleTime";
    public const string Uptime = "uptime";
    public const string Downtime = "downtime";
    public const string RestartingTime = "restartingTime";
    public const string NumRestarts = "numRestarts";
}

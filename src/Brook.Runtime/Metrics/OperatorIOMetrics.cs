namespace Brook.Runtime.Metrics;

/// <summary>
/// One operator's records in and out and its watermarks (Flink's OperatorIOMetricGroup), written by the task thread
/// as plain fields through the counting outputs of the chain and read by the metric system.
/// </summary>
internal sealed class OperatorIOMetrics
{
    public long NumRecordsIn;
    public long NumRecordsOut;
    public long CurrentInputWatermark = long.MinValue;
    public long CurrentOutputWatermark = long.MinValue;

    /// <summary>The event time of the last record a source emitted (long.MinValue: none with a timestamp yet).</summary>
    public long LastEmittedEventTime = long.MinValue;
}

using Brook.Runtime.Network;
using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// Registers a task's system metrics under Flink's names (TaskIOMetricGroup and the buffers group) as views over the
/// task's own measurements (<see cref="TaskMetrics"/>): the task thread keeps incrementing plain fields; counters,
/// gauges and meters here only read them.
/// </summary>
internal static class TaskSystemMetrics
{
    public static void Register(MetricGroup task, TaskMetrics m, IReadOnlyList<IBufferPoolUsage> inputs, IReadOnlyList<IBufferPoolUsage> outputs)
    {
        // A source task reads no gate: as Flink, its records in are the records its source operator emitted.
        var recordsIn = task.Counter(MetricNames.NumRecordsIn, new FunctionCounter(m.RecordsIn));
        var recordsOut = task.Counter(MetricNames.NumRecordsOut, new FunctionCounter(() => Volatile.Read(ref m.NumRecordsOut)));
        var bytesIn = task.Counter(MetricNames.NumBytesIn, new FunctionCounter(() => Volatile.Read(ref m.NumBytesIn)));
        var bytesOut = task.Counter(MetricNames.NumBytesOut, new FunctionCounter(() => Volatile.Read(ref m.NumBytesOut)));
        task.Meter(MetricNames.NumRecordsInPerSecond, new MeterView(recordsIn));
        task.Meter(MetricNames.NumRecordsOutPerSecond, new MeterView(recordsOut));
        task.Meter(MetricNames.NumBytesInPerSecond, new MeterView(bytesIn));
        task.Meter(MetricNames.NumBytesOutPerSecond, new MeterView(bytesOut));

        var idle = task.Gauge(MetricNames.IdleTimeMsPerSecond, new TimerGaugeView(m.AccumulatedIdleMs));
        var back = task.Gauge(MetricNames.BackPressuredTimeMsPerSecond, new TimerGaugeView(m.AccumulatedBackPressuredMs));
        // Brook's writer blocks on a full channel and has no soft back pressure (Flink's "can still make progress" state).
        task.Gauge(MetricNames.HardBackPressuredTimeMsPerSecond, () => back.Value);
        task.Gauge(MetricNames.SoftBackPressuredTimeMsPerSecond, () => 0L);
        task.Gauge(MetricNames.BusyTimeMsPerSecond, () => 1000.0 - Math.Min(idle.Value + back.Value, 1000.0));
        task.Gauge(MetricNames.AccumulatedBusyTimeMs, m.AccumulatedBusyMs);
        task.Gauge(MetricNames.AccumulatedIdleTimeMs, m.AccumulatedIdleMs);
        task.Gauge(MetricNames.AccumulatedBackPressuredTimeMs, m.AccumulatedBackPressuredMs);
        task.Gauge(MetricNames.IsBackPressured, () => m.IsBackPressured);
        task.Gauge(MetricNames.CurrentInputWatermark, () => Volatile.Read(ref m.CurrentInputWatermark));
        task.Gauge(MetricNames.CurrentOutputWatermark, () => Volatile.Read(ref m.CurrentOutputWatermark));
        task.Gauge(MetricNames.CheckpointAlignmentTime, () => Volatile.Read(ref m.LastCheckpointAlignmentNanos));
        task.Gauge(MetricNames.CheckpointStartDelayNanos, () => Volatile.Read(ref m.LastCheckpointStartDelayNanos));

        var buffers = task.AddGroup("buffers");
        buffers.Gauge("inputQueueLength", () => inputs.Sum(p => p.QueuedBuffers));
        buffers.Gauge("outputQueueLength", () => outputs.Sum(p => p.QueuedBuffers));
        buffers.Gauge("inPoolUsage", () => Usage(inputs));
        buffers.Gauge("outPoolUsage", () => Usage(outputs));
    }

    /// <summary>Queued buffers over the channels' capacity (0 without channels), as Flink's pool usage ratios.</summary>
    private static float Usage(IReadOnlyList<IBufferPoolUsage> pools)
    {
        long queued = 0, total = 0;
        foreach (var p in pools)
        {
            queued += p.QueuedBuffers;
            total += p.TotalBuffers;
        }
        return total == 0 ? 0f : (float)queued / total;
    }

    /// <summary>An operator's records and watermarks (Flink's OperatorIOMetricGroup).</summary>
    public static void RegisterOperator(MetricGroup op, Func<long> recordsIn, Func<long> recordsOut, Func<long> inputWatermark, Func<long> outputWatermark)
    {
        var i = op.Counter(MetricNames.NumRecordsIn, new FunctionCounter(recordsIn));
        var o = op.Counter(MetricNames.NumRecordsOut, new FunctionCounter(recordsOut));
        op.Meter(MetricNames.NumRecordsInPerSecond, new MeterView(i));
        op.Meter(MetricNames.NumRecordsOutPerSecond, new MeterView(o));
        op.Gauge(MetricNames.CurrentInputWatermark, inputWatermark);
        op.Gauge(MetricNames.CurrentOutputWatermark, outputWatermark);
    }

    /// <summary>
    /// A source operator's gauges (Flink's SourceReaderMetricGroup): the lag of the last emitted record's event time behind
    /// now (-1 before a record with a timestamp), and how long the source has had nothing to emit (0 while it emits).
    /// </summary>
    public static void RegisterSource(MetricGroup op, OperatorIOMetrics io, TaskMetrics task, TimeProvider time)
    {
        op.Gauge(MetricNames.CurrentEmitEventTimeLag, () =>
        {
            var t = Volatile.Read(ref io.LastEmittedEventTime);
            return t == long.MinValue ? -1L : time.GetUtcNow().ToUnixTimeMilliseconds() - t;
        });
        op.Gauge(MetricNames.SourceIdleTime, task.CurrentIdleMs);
    }
}

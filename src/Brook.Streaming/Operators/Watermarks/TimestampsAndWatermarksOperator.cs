using Brook.Streaming.Watermarks;

namespace Brook.Streaming.Operators.Watermarks;

/// <summary>
/// Flink's TimestampsAndWatermarksOperator: stamps each record with the strategy's timestamp, feeds the
/// watermark generator, and emits its watermarks (periodically every <c>pipeline.auto-watermark-interval</c>
/// and whenever the generator emits on an event). Watermarks from upstream are replaced by the generated
/// ones, except the final one at end of input, which is forwarded so downstream event time completes.
/// Without <paramref name="emitProgressiveWatermarks"/> (BATCH execution) it only stamps timestamps: the generator
/// is not run and only the end of input's watermark goes on, as Flink's batch translation does.
/// </summary>
internal sealed class TimestampsAndWatermarksOperator<T>(WatermarkStrategy<T> strategy, TimeSpan autoWatermarkInterval, bool emitProgressiveWatermarks = true)
    : AbstractStreamOperator<T>, IOneInputStreamOperator<T>, IWatermarkOutput
{
    private ITimestampAssigner<T> _assigner = null!;
    private IWatermarkGenerator<T> _generator = null!;
    private IDisposable? _periodicTimer;
    private long _currentWatermark = long.MinValue;
    private bool _idle;
    private bool _closed;

    public override void Open()
    {
        var context = new WatermarkGeneratorContext(new ProcessingTimeClock(ProcessingTimeService));
        _assigner = strategy.CreateTimestampAssigner(context);
        _generator = emitProgressiveWatermarks ? strategy.CreateWatermarkGenerator(context) : new NoWatermarksGenerator<T>();
        if (emitProgressiveWatermarks && autoWatermarkInterval > TimeSpan.Zero) SchedulePeriodicEmit();
    }

    public void ProcessElement(StreamRecord<T> record)
    {
        var timestamp = _assigner.ExtractTimestamp(record.Value, record.Timestamp);
        Output.Collect(new StreamRecord<T>(record.Value, timestamp));
        _generator.OnEvent(record.Value, timestamp, this);
    }

    public override void ProcessWatermark(Watermark watermark)
    {
        if (watermark.Timestamp == long.MaxValue && _currentWatermark != long.MaxValue)
        {
            _currentWatermark = long.MaxValue;
            base.ProcessWatermark(watermark);
        }
    }

    /// <summary>Upstream idleness is replaced too: this operator's generator decides (as in Flink).</summary>
    public override void ProcessWatermarkStatus(WatermarkStatus status)
    {
    }

    public void EndInput()
    {
    }

    public override void Close()
    {
        _closed = true;
        _periodicTimer?.Dispose();
    }

    public void EmitWatermark(long timestamp)
    {
        if (timestamp <= _currentWatermark) return;
        MarkActive();
        _currentWatermark = timestamp;
        base.ProcessWatermark(new Watermark(timestamp));
    }

    public void MarkIdle()
    {
        if (_idle) return;
        _idle = true;
        Output.EmitWatermarkStatus(WatermarkStatus.Idle);
    }

    public void MarkActive()
    {
        if (!_idle) return;
        _idle = false;
        Output.EmitWatermarkStatus(WatermarkStatus.Active);
    }

    private void SchedulePeriodicEmit()
    {
        if (_closed) return;
        var next = ProcessingTimeService.CurrentProcessingTime + (long)autoWatermarkInterval.TotalMilliseconds;
        _periodicTimer = ProcessingTimeService.RegisterTimer(next, _ =>
        {
            if (_closed || _currentWatermark == long.MaxValue) return;
            _generator.OnPeriodicEmit(this);
            SchedulePeriodicEmit();
        });
    }
}

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
    : AbstractStreamOperator<T>, IOneInputStreamOperator<T>, IWatermarkOutput, IBatchInput<T>, IValueBatchInput<T>
{
    private ITimestampAssigner<T> _assigner = null!;
    private IWatermarkGenerator<T> _generator = null!;

    // The batch entries' view of the assigner (one delegate call per record) and the generator when it only keeps the
    // largest timestamp (bounded out-of-orderness, monotonous): it then sees a batch's largest timestamp once.
    private Func<T, long, long> _extract = null!;
    private BoundedOutOfOrdernessWatermarks<T>? _maxTracking;
    private IDisposable? _periodicTimer;
    private long _currentWatermark = long.MinValue;
    private bool _idle;
    private bool _closed;

    public override void Open()
    {
        var context = new WatermarkGeneratorContext(new ProcessingTimeClock(ProcessingTimeService));
        _assigner = strategy.CreateTimestampAssigner(context);
        _generator = emitProgressiveWatermarks ? strategy.CreateWatermarkGenerator(context) : new NoWatermarksGenerator<T>();
        _extract = WatermarkStrategy<T>.ExtractFunction(_assigner);
        _maxTracking = _generator as BoundedOutOfOrdernessWatermarks<T>;
        if (emitProgressiveWatermarks && autoWatermarkInterval > TimeSpan.Zero) SchedulePeriodicEmit();
    }

    public void ProcessElement(StreamRecord<T> record)
    {
        var timestamp = _assigner.ExtractTimestamp(record.Value, record.Timestamp);
        Output.Collect(new StreamRecord<T>(record.Value, timestamp));
        _generator.OnEvent(record.Value, timestamp, this);
    }

    /// <summary>
    /// Stamps a run of records and hands them on as one batch; a watermark or status change the generator emits on an
    /// event first sends the records stamped before it, so the order downstream is the per-record one.
    /// </summary>
    public void ProcessBatch(ReadOnlySpan<StreamRecord<T>> records) => Stamp(new RecordInput(records));

    /// <summary>As <see cref="ProcessBatch"/> on records without timestamps, without building those records first.</summary>
    public void ProcessValues(ReadOnlySpan<T> values) => Stamp(new ValueInput(values));

    /// <summary>One loop for both batch entries; the input is a struct, so the runtime compiles it once per kind of input.</summary>
    private void Stamp<TInput>(TInput input) where TInput : struct, IBatchView, allows ref struct
    {
        var length = input.Length;
        var stamped = Stamped(length);
        var extract = _extract;
        if (_maxTracking is { } maxTracking)
        {
            var max = long.MinValue;
            for (var i = 0; i < length; i++)
            {
                var value = input.Value(i);
                var timestamp = extract(value, input.Timestamp(i));
                stamped[i] = new StreamRecord<T>(value, timestamp);
                max = Math.Max(max, timestamp);
            }
            SendMaxTracked(maxTracking, max, length);
            return;
        }
        var generator = _generator;
        _pending = 0;
        for (var i = 0; i < length; i++)
        {
            var value = input.Value(i);
            var timestamp = extract(value, input.Timestamp(i));
            stamped[i] = new StreamRecord<T>(value, timestamp);
            _pendingEnd = i + 1;
            generator.OnEvent(value, timestamp, this);
        }
        SendStamped(length);
    }

    private interface IBatchView
    {
        int Length { get; }

        T Value(int i);

        long Timestamp(int i);
    }

    private readonly ref struct RecordInput(ReadOnlySpan<StreamRecord<T>> records) : IBatchView
    {
        private readonly ReadOnlySpan<StreamRecord<T>> _records = records;

        public int Length => _records.Length;

        public T Value(int i) => _records[i].Value;

        public long Timestamp(int i) => _records[i].Timestamp;
    }

    private readonly ref struct ValueInput(ReadOnlySpan<T> values) : IBatchView
    {
        private readonly ReadOnlySpan<T> _values = values;

        public int Length => _values.Length;

        public T Value(int i) => _values[i];

        public long Timestamp(int i) => StreamRecord.NoTimestamp;
    }

    private StreamRecord<T>[] Stamped(int count) => _stamped.Length >= count ? _stamped : _stamped = new StreamRecord<T>[count];

    /// <summary>
    /// The generator keeps the largest timestamp and emits nothing on an event (only periodically, between batches), so
    /// the batch's largest timestamp once leaves it as every record's would. It learns it after the records went on, as
    /// per record (sent, then seen), so no watermark computed from it can come before them.
    /// </summary>
    private void SendMaxTracked(BoundedOutOfOrdernessWatermarks<T> generator, long max, int count)
    {
        if (count == 0) return;
        _pending = 0;
        _pendingEnd = count;
        SendStamped(count);
        generator.OnTimestamp(max);
    }

    /// <summary>Sends the records stamped and not yet sent, then clears the batch's copies of references.</summary>
    private void SendStamped(int count)
    {
        SendStamped();
        _pendingEnd = 0;
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_stamped, 0, count);
    }

    private StreamRecord<T>[] _stamped = [];

    /// <summary>The stamped records of the current batch not yet sent: [_pending, _pendingEnd).</summary>
    private int _pending;
    private int _pendingEnd;

    private void SendStamped()
    {
        if (_pendingEnd <= _pending) return;
        var from = _pending;
        _pending = _pendingEnd;
        Output.CollectBatch(_stamped.AsSpan(from, _pendingEnd - from));
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
        SendStamped();
        MarkActive();
        _currentWatermark = timestamp;
        base.ProcessWatermark(new Watermark(timestamp));
    }

    public void MarkIdle()
    {
        if (_idle) return;
        SendStamped();
        _idle = true;
        Output.EmitWatermarkStatus(WatermarkStatus.Idle);
    }

    public void MarkActive()
    {
        if (!_idle) return;
        SendStamped();
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

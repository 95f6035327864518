using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>Reads two gates of different types, alternating, into a two-input operator.</summary>
internal sealed class TwoInputProcessor<T1, T2>(InputGate<T1> gate1, InputGate<T2> gate2, ITwoInputStreamOperator<T1, T2> op, TaskMetrics metrics) : IInputProcessor
{
    private bool _ended1;
    private long _watermark1 = long.MinValue;
    private long _watermark2 = long.MinValue;
    private bool _ended2;
    private bool _preferSecond;

    public InputResult ProcessInput()
    {
        var first = _preferSecond ? Second() : First();
        if (first != InputResult.NothingAvailable && first != InputResult.EndOfInput)
        {
            _preferSecond = !_preferSecond;
            return first;
        }
        var other = _preferSecond ? First() : Second();
        if (_ended1 && _ended2) return InputResult.EndOfInput;
        return other == InputResult.MoreAvailable ? InputResult.MoreAvailable : InputResult.NothingAvailable;
    }

    private InputResult First() => Poll<T1, Input1>(gate1, ref _ended1, ref _watermark1);

    private InputResult Second() => Poll<T2, Input2>(gate2, ref _ended2, ref _watermark2);

    // TInput is a struct so each input gets its own compiled copy; the per-record loop lives in TInput,
    // leaving one direct call per buffer rather than a delegate call per record.
    private InputResult Poll<T, TInput>(InputGate<T> gate, ref bool ended, ref long watermark)
        where TInput : struct, IInput<T>
    {
        if (ended) return InputResult.EndOfInput;
        switch (gate.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var n = buffer.Count;
                if (buffer.ValuesOnly) TInput.ProcessValues(op, buffer.Values!, n);
                else TInput.ProcessElements(op, buffer.Records, n);
                metrics.NumRecordsIn += n;
                gate.Recycle(channel, buffer);
                return InputResult.MoreAvailable;
            case GateResult.Event:
                if (gate.TakeStatusChange() is { } status && op is ITwoInputWatermarkStatusInput statusInput) TInput.ProcessWatermarkStatus(statusInput, status);
                if (gate.TakeWatermarkAdvance() is { } w)
                {
                    watermark = w.Timestamp;
                    Volatile.Write(ref metrics.CurrentInputWatermark, Math.Min(_watermark1, _watermark2));
                    TInput.ProcessWatermark(op, w);
                }
                return InputResult.MoreAvailable;
            case GateResult.EndOfInput:
                ended = true;
                op.EndInput(TInput.Index);
                return InputResult.MoreAvailable;
            default:
                return InputResult.NothingAvailable;
        }
    }

    public bool ProcessPriorityEvents() => gate1.PollPriority() | gate2.PollPriority();

    public bool HasPriorityEvent => gate1.HasPriority || gate2.HasPriority;

    public void EndInputForDrain()
    {
        if (!_ended1) op.EndInput(1);
        if (!_ended2) op.EndInput(2);
    }

    public bool IsAvailable => (_ended1 && _ended2) || (!_ended1 && (gate1.HasData || gate1.IsFinished)) || (!_ended2 && (gate2.HasData || gate2.IsFinished));

    /// <summary>Routes one input's elements, watermarks and statuses to the operator's methods for that input.</summary>
    private interface IInput<T>
    {
        static abstract int Index { get; }

        static abstract void ProcessElements(ITwoInputStreamOperator<T1, T2> op, StreamRecord<T>[] records, int count);

        /// <summary>A values-only buffer's records (without timestamps).</summary>
        static abstract void ProcessValues(ITwoInputStreamOperator<T1, T2> op, T[] values, int count);

        static abstract void ProcessWatermark(ITwoInputStreamOperator<T1, T2> op, Watermark watermark);

        static abstract void ProcessWatermarkStatus(ITwoInputWatermarkStatusInput op, WatermarkStatus status);
    }

    private readonly struct Input1 : IInput<T1>
    {
        public static int Index => 1;

        public static void ProcessElements(ITwoInputStreamOperator<T1, T2> op, StreamRecord<T1>[] records, int count)
        {
            for (var i = 0; i < count; i++) op.ProcessElement1(records[i]);
        }

        public static void ProcessValues(ITwoInputStreamOperator<T1, T2> op, T1[] values, int count)
        {
            for (var i = 0; i < count; i++) op.ProcessElement1(new StreamRecord<T1>(values[i]));
        }

        public static void ProcessWatermark(ITwoInputStreamOperator<T1, T2> op, Watermark watermark) => op.ProcessWatermark1(watermark);

        public static void ProcessWatermarkStatus(ITwoInputWatermarkStatusInput op, WatermarkStatus status) => op.ProcessWatermarkStatus1(status);
    }

    private readonly struct Input2 : IInput<T2>
    {
        public static int Index => 2;

        public static void ProcessElements(ITwoInputStreamOperator<T1, T2> op, StreamRecord<T2>[] records, int count)
        {
            for (var i = 0; i < count; i++) op.ProcessElement2(records[i]);
        }

        public static void ProcessValues(ITwoInputStreamOperator<T1, T2> op, T2[] values, int count)
        {
            for (var i = 0; i < count; i++) op.ProcessElement2(new StreamRecord<T2>(values[i]));
        }

        public static void ProcessWatermark(ITwoInputStreamOperator<T1, T2> op, Watermark watermark) => op.ProcessWatermark2(watermark);

        public static void ProcessWatermarkStatus(ITwoInputWatermarkStatusInput op, WatermarkStatus status) => op.ProcessWatermarkStatus2(status);
    }
}

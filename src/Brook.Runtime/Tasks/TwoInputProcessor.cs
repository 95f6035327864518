using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>Reads two gates of different types, alternating, into a two-input operator.</summary>
internal sealed class TwoInputProcessor<T1, T2>(InputGate<T1> gate1, InputGate<T2> gate2, ITwoInputStreamOperator<T1, T2> op, TaskMetrics metrics) : IInputProcessor
{
    private bool _ended1;
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

    private InputResult First()
    {
        if (_ended1) return InputResult.EndOfInput;
        switch (gate1.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var records = buffer.Records;
                var n = buffer.Count;
                for (var i = 0; i < n; i++) op.ProcessElement1(records[i]);
                metrics.NumRecordsIn += n;
                gate1.Recycle(channel, buffer);
                return InputResult.MoreAvailable;
            case GateResult.Event:
                if (gate1.TakeWatermarkAdvance() is { } w) op.ProcessWatermark1(w);
                return InputResult.MoreAvailable;
            case GateResult.EndOfInput:
                _ended1 = true;
                op.EndInput(1);
                return InputResult.MoreAvailable;
            default:
                return InputResult.NothingAvailable;
        }
    }

    private InputResult Second()
    {
        if (_ended2) return InputResult.EndOfInput;
        switch (gate2.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var records = buffer.Records;
                var n = buffer.Count;
                for (var i = 0; i < n; i++) op.ProcessElement2(records[i]);
                metrics.NumRecordsIn += n;
                gate2.Recycle(channel, buffer);
                return InputResult.MoreAvailable;
            case GateResult.Event:
                if (gate2.TakeWatermarkAdvance() is { } w) op.ProcessWatermark2(w);
                return InputResult.MoreAvailable;
            case GateResult.EndOfInput:
                _ended2 = true;
                op.EndInput(2);
                return InputResult.MoreAvailable;
            default:
                return InputResult.NothingAvailable;
        }
    }

    public bool IsAvailable => (_ended1 && _ended2) || (!_ended1 && (gate1.HasData || gate1.IsFinished)) || (!_ended2 && (gate2.HasData || gate2.IsFinished));
}

using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>Reads buffers from the gate and pushes their records into the head operator.</summary>
internal sealed class OneInputProcessor<T>(InputGate<T> gate, IOneInputStreamOperator<T> op, TaskMetrics metrics) : IInputProcessor
{
    public InputResult ProcessInput()
    {
        switch (gate.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var records = buffer.Records;
                var n = buffer.Count;
                for (var i = 0; i < n; i++) op.ProcessElement(records[i]);
                metrics.NumRecordsIn += n;
                gate.Recycle(channel, buffer);
                return InputResult.MoreAvailable;
            case GateResult.Event:
                if (gate.TakeWatermarkAdvance() is { } w) op.ProcessWatermark(w);
                return InputResult.MoreAvailable;
            case GateResult.EndOfInput:
                op.EndInput();
                return InputResult.EndOfInput;
            default:
                return InputResult.NothingAvailable;
        }
    }

    public bool IsAvailable => gate.IsFinished || gate.HasData;
}

using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>
/// Reads buffers from the gate and pushes their records into the head operator: through the operator's
/// fused input when it has one (map, filter), else through a delegate bound to its ProcessElement.
/// </summary>
internal sealed class OneInputProcessor<T>(InputGate<T> gate, IOneInputStreamOperator<T> op, TaskMetrics metrics) : IInputProcessor
{
    private readonly Output<T> _input = op is IFusibleOperator<T> fusible ? fusible.CreateFusedInput() : new ChainingOutput<T>(op);
    private readonly IKeyGroupedInput<T>? _keyed = op as IKeyGroupedInput<T>;
    private readonly IKeyGroupedBatchInput<T>? _keyedBatch = op as IKeyGroupedBatchInput<T>;

    public InputResult ProcessInput()
    {
        switch (gate.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var records = buffer.Records;
                var n = buffer.Count;
                // A buffer holds records only (events come in their own buffers), so it goes to the head operator as one batch.
                if (buffer.KeyGroups is { } keyGroups && _keyedBatch is { } keyedBatch)
                {
                    // Records of a keyBy edge with their key groups (see RecordWriter).
                    keyedBatch.ProcessBatch(records.AsSpan(0, n), keyGroups.AsSpan(0, n));
                }
                else if (buffer.KeyGroups is { } groups && _keyed is { } keyed)
                {
                    for (var i = 0; i < n; i++) keyed.ProcessElement(records[i], groups[i]);
                }
                else
                {
                    _input.CollectBatch(records.AsSpan(0, n));
                }
                metrics.NumRecordsIn += n;
                gate.Recycle(channel, buffer);
                return InputResult.MoreAvailable;
            case GateResult.Event:
                if (gate.TakeStatusChange() is { } status && op is IWatermarkStatusInput statusInput) statusInput.ProcessWatermarkStatus(status);
                if (gate.TakeWatermarkAdvance() is { } w)
                {
                    Volatile.Write(ref metrics.CurrentInputWatermark, w.Timestamp);
                    op.ProcessWatermark(w);
                }
                return InputResult.MoreAvailable;
            case GateResult.EndOfInput:
                op.EndInput();
                return InputResult.EndOfInput;
            default:
                return InputResult.NothingAvailable;
        }
    }

    public void EndInputForDrain() => op.EndInput();

    public bool ProcessPriorityEvents() => gate.PollPriority();

    public bool HasPriorityEvent => gate.HasPriority;

    public bool IsAvailable => gate.IsFinished || gate.HasData;
}

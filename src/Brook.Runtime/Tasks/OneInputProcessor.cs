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
    private readonly IKeyGroupedValueBatchInput<T>? _keyedValues = op as IKeyGroupedValueBatchInput<T>;

    public InputResult ProcessInput()
    {
        switch (gate.Poll(out var buffer, out var channel))
        {
            case GateResult.Data:
                var n = buffer.Count;
                if (buffer.ValuesOnly) ProcessValues(buffer, n);
                else ProcessRecords(buffer.Records.AsSpan(0, n), buffer.KeyGroups);
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

    // A buffer holds records only (events come in their own buffers), so it goes to the head operator as one batch.
    private void ProcessRecords(ReadOnlySpan<StreamRecord<T>> records, int[]? keyGroups)
    {
        if (keyGroups is not null && _keyedBatch is { } keyedBatch)
        {
            // Records of a keyBy edge with their key groups (see RecordWriter).
            keyedBatch.ProcessBatch(records, keyGroups.AsSpan(0, records.Length));
        }
        else if (keyGroups is not null && _keyed is { } keyed)
        {
            for (var i = 0; i < records.Length; i++) keyed.ProcessElement(records[i], keyGroups[i]);
        }
        else
        {
            _input.CollectBatch(records);
        }
    }

    /// <summary>
    /// A values-only buffer (records without timestamps): to a keyed head that takes values with key groups as they are,
    /// else through the head's input as values (which become records where an operator needs them). The buffer is read
    /// only: a blocking result's buffers are read by several consumers.
    /// </summary>
    private void ProcessValues(Buffer<T> buffer, int n)
    {
        var values = buffer.Values.AsSpan(0, n);
        if (buffer.KeyGroups is { } keyGroups && _keyedValues is { } keyedValues)
        {
            keyedValues.ProcessValues(values, keyGroups.AsSpan(0, n));
        }
        else if (buffer.KeyGroups is not null)
        {
            var records = _staged.Length >= n ? _staged : _staged = new StreamRecord<T>[n];
            for (var i = 0; i < n; i++) records[i] = new StreamRecord<T>(values[i]);
            ProcessRecords(records.AsSpan(0, n), buffer.KeyGroups);
            if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(records, 0, n);
        }
        else
        {
            _input.CollectValues(values);
        }
    }

    private StreamRecord<T>[] _staged = [];

    public void EndInputForDrain() => op.EndInput();

    public bool ProcessPriorityEvents() => gate.PollPriority();

    public bool HasPriorityEvent => gate.HasPriority;

    public bool IsAvailable => gate.IsFinished || gate.HasData;
}

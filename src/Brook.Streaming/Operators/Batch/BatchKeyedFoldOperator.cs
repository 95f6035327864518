using System.Runtime.InteropServices;

namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// Base of the rolling keyed aggregations in BATCH execution (Flink's BatchGroupedReduceOperator): each key's value is
/// folded as records arrive, in a hash table over all keys (no buffering of the input, no per-key timer), and only the
/// final value per key is emitted, at the end of input, with timestamp long.MaxValue as Flink's end-of-key timer gives it.
/// </summary>
internal abstract class BatchKeyedFoldOperator<TIn, TKey, TOut, TValue>(object function, Func<TIn, TKey> keySelector)
    : AbstractUdfStreamOperator<TOut, object>(function), IOneInputStreamOperator<TIn>, IKeyGroupedInput<TIn>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _values = new();

    public void ProcessElement(StreamRecord<TIn> record)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, keySelector(record.Value), out var exists);
        slot = exists ? Fold(slot!, record.Value) : First(record.Value);
    }

    public void ProcessElement(StreamRecord<TIn> record, int keyGroup) => ProcessElement(record);

    /// <summary>BATCH ignores watermarks; the end of input sends long.MaxValue after the final values.</summary>
    public override void ProcessWatermark(Watermark watermark)
    {
    }

    public void EndInput()
    {
        foreach (var (key, value) in _values) Output.Collect(new StreamRecord<TOut>(Result(key, value), long.MaxValue));
        _values.Clear();
        Output.EmitWatermark(Watermark.MaxWatermark);
    }

    public override void SnapshotState(StateSnapshotContext context) => throw BatchExecution.SnapshotNotSupported();

    protected abstract TValue First(TIn value);

    protected abstract TValue Fold(TValue current, TIn value);

    protected abstract TOut Result(TKey key, TValue value);
}

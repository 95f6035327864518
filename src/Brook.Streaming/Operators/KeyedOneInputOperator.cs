using Brook.Streaming.State;

namespace Brook.Streaming.Operators;

/// <summary>
/// Base of one-input operators on a keyed stream: before each element the current key and key group are
/// set (and forwarded to the keyed state backend), then <see cref="ProcessKeyedElement"/> runs.
/// </summary>
public abstract class KeyedOneInputOperator<TIn, TKey, TOut, TFunction> : AbstractUdfStreamOperator<TOut, TFunction>, IOneInputStreamOperator<TIn>, IKeyGroupedInput<TIn>,
    IKeyGroupedBatchInput<TIn>, IBatchInput<TIn>, IKeyGroupedValueBatchInput<TIn>, IValueBatchInput<TIn>
    where TFunction : class
{
    private readonly Func<TIn, TKey> _keySelector;

    protected KeyedOneInputOperator(TFunction function, Func<TIn, TKey> keySelector) : base(function) => _keySelector = keySelector;

    protected KeyContext<TKey> Keys { get; private set; } = null!;

    private protected Func<TIn, TKey> KeySelector => _keySelector;

    protected abstract string OperatorName { get; }

    protected override IKeyedStateStore? KeyedStateStore => Keys.Backend as IKeyedStateStore;

    public override void Open()
    {
        Keys = CreateKeyContext<TKey>(OperatorName);
        base.Open();
    }

    public void ProcessElement(StreamRecord<TIn> record)
    {
        Keys.SetCurrentKey(_keySelector(record.Value));
        ProcessKeyedElement(record);
    }

    public void ProcessElement(StreamRecord<TIn> record, int keyGroup)
    {
        Keys.SetCurrentKey(_keySelector(record.Value), keyGroup);
        ProcessKeyedElement(record);
    }

    void IKeyGroupedBatchInput<TIn>.ProcessBatch(ReadOnlySpan<StreamRecord<TIn>> records, ReadOnlySpan<int> keyGroups) => ProcessKeyedBatch(records, keyGroups);

    void IBatchInput<TIn>.ProcessBatch(ReadOnlySpan<StreamRecord<TIn>> records)
    {
        foreach (var record in records) ProcessElement(record);
    }

    /// <summary>The records of one keyBy buffer: as ProcessElement(record, keyGroup) on each, in order.</summary>
    private protected virtual void ProcessKeyedBatch(ReadOnlySpan<StreamRecord<TIn>> records, ReadOnlySpan<int> keyGroups)
    {
        var keys = Keys;
        var selector = _keySelector;
        for (var i = 0; i < records.Length; i++)
        {
            keys.SetCurrentKey(selector(records[i].Value), keyGroups[i]);
            ProcessKeyedElement(records[i]);
        }
    }

    void IKeyGroupedValueBatchInput<TIn>.ProcessValues(ReadOnlySpan<TIn> values, ReadOnlySpan<int> keyGroups) => ProcessKeyedValues(values, keyGroups);

    void IValueBatchInput<TIn>.ProcessValues(ReadOnlySpan<TIn> values)
    {
        foreach (var value in values) ProcessElement(new StreamRecord<TIn>(value));
    }

    /// <summary>
    /// The values (without timestamps) of one keyBy buffer: as <see cref="ProcessKeyedBatch"/> on their records. By
    /// default they become records; an operator that needs no timestamps overrides it to save that copy.
    /// </summary>
    private protected virtual void ProcessKeyedValues(ReadOnlySpan<TIn> values, ReadOnlySpan<int> keyGroups)
    {
        var records = _staged.Length >= values.Length ? _staged : _staged = new StreamRecord<TIn>[values.Length];
        for (var i = 0; i < values.Length; i++) records[i] = new StreamRecord<TIn>(values[i]);
        ProcessKeyedBatch(records.AsSpan(0, values.Length), keyGroups);
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TIn>()) Array.Clear(records, 0, values.Length);
    }

    private StreamRecord<TIn>[] _staged = [];

    protected abstract void ProcessKeyedElement(StreamRecord<TIn> record);

    public virtual void EndInput()
    {
    }

    public override void Close()
    {
        base.Close();
        Keys?.Backend?.Dispose();
    }
}

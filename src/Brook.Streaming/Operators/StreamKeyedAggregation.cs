using System.Numerics;
using System.Runtime.InteropServices;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling Sum/Min/Max of a numeric selector per key: emits (key, running aggregate) for every input.
/// Running values are kept per operator in a dictionary keyed by the stream's key.
/// </summary>
public sealed class StreamKeyedAggregation<T, TKey, TNum> : KeyedOneInputOperator<T, TKey, (TKey Key, TNum Value), object>
    where TKey : notnull
    where TNum : INumber<TNum>
{
    private readonly Func<T, TNum> _selector;
    private readonly AggregationKind _kind;
    private readonly Dictionary<TKey, TNum> _values = new();

    public StreamKeyedAggregation(Func<T, TNum> selector, Func<T, TKey> keySelector, AggregationKind kind) : base(selector, keySelector)
    {
        _selector = selector;
        _kind = kind;
    }

    protected override string OperatorName => _kind.ToString();

    protected override void ProcessKeyedElement(StreamRecord<T> record)
    {
        var key = Keys.CurrentKey;
        var value = _selector(record.Value);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out var exists);
        slot = !exists ? value : _kind switch
        {
            AggregationKind.Sum => slot! + value,
            AggregationKind.Min => TNum.Min(slot!, value),
            _ => TNum.Max(slot!, value),
        };
        Output.Collect(new StreamRecord<(TKey, TNum)>((key, slot), record.Timestamp));
    }
}

using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators.Batch;

/// <summary><c>KeyedStream.Reduce</c> in BATCH execution: the final reduced value per key, once (Flink's BatchGroupedReduceOperator).</summary>
internal sealed class BatchGroupedReduceOperator<T, TKey> : BatchKeyedFoldOperator<T, TKey, T, T>
    where TKey : notnull
{
    private readonly Func<T, T, T> _reduce;

    public BatchGroupedReduceOperator(IReduceFunction<T> function, Func<T, TKey> keySelector) : base(function, keySelector) => _reduce = function.Reduce;

    public BatchGroupedReduceOperator(Func<T, T, T> reduce, Func<T, TKey> keySelector) : base(reduce, keySelector) => _reduce = reduce;

    protected override T First(T value) => value;

    protected override T Fold(T current, T value) => _reduce(current, value);

    protected override T Result(TKey key, T value) => value;
}

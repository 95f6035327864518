using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>
/// An aggregate function from LINQ's Aggregate arguments (seed, func, resultSelector), for the lambda overloads
/// of <c>WindowedStream.Aggregate</c>. The seed starts every accumulator, so it must be a value or immutable:
/// <paramref name="add"/> returns the next accumulator rather than changing it.
/// </summary>
internal sealed class DelegateAggregateFunction<T, TAcc, TResult>(
    TAcc seed, Func<TAcc, T, TAcc> add, Func<TAcc, TResult> result, Func<TAcc, TAcc, TAcc>? merge) : IAggregateFunction<T, TAcc, TResult>
{
    public TAcc CreateAccumulator() => seed;

    public TAcc Add(T value, TAcc accumulator) => add(accumulator, value);

    public TResult GetResult(TAcc accumulator) => result(accumulator);

    // Only merging (session) windows merge accumulators, and WindowedStream refuses those without a merge function.
    public TAcc Merge(TAcc a, TAcc b) => merge is null
        ? throw new InvalidOperationException("This aggregation was given no merge function, so it cannot be used with merging windows.")
        : merge(a, b);
}

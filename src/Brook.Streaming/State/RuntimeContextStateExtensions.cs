using Brook.Streaming.Functions;

namespace Brook.Streaming.State;

/// <summary>
/// Keyed state from a function's runtime context (Flink's getRuntimeContext().getState(...)). Available to
/// rich functions on keyed streams (KeyedProcessFunction, window functions, KeyedCoProcessFunction).
/// </summary>
public static class RuntimeContextStateExtensions
{
    public static IValueState<T> GetState<T>(this IRuntimeContext context, ValueStateDescriptor<T> descriptor) => Keyed(context).GetState(descriptor);

    public static IListState<T> GetListState<T>(this IRuntimeContext context, ListStateDescriptor<T> descriptor) => Keyed(context).GetListState(descriptor);

    public static IMapState<TKey, TValue> GetMapState<TKey, TValue>(this IRuntimeContext context, MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull =>
        Keyed(context).GetMapState(descriptor);

    public static IReducingState<T> GetReducingState<T>(this IRuntimeContext context, ReducingStateDescriptor<T> descriptor) =>
        Keyed(context).GetReducingState(descriptor);

    public static IAggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(this IRuntimeContext context, AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        Keyed(context).GetAggregatingState(descriptor);

    private static IKeyedStateStore Keyed(IRuntimeContext context) =>
        context as IKeyedStateStore ?? throw new InvalidOperationException(
            "Keyed state is only supported on a keyed stream (after KeyBy), in functions such as KeyedProcessFunction.");
}

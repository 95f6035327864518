using Brook.Streaming.Accumulators;
using Brook.Streaming.Functions;

namespace Brook.Streaming.State.Internal;

/// <summary>
/// The runtime context a function on a keyed stream gets: the subtask's context plus its keyed state
/// (reached through <see cref="RuntimeContextStateExtensions"/>, as Flink's getRuntimeContext().getState()).
/// </summary>
internal sealed class KeyedRuntimeContext(IRuntimeContext inner, IKeyedStateStore keyedState) : IRuntimeContext, IKeyedStateStore
{
    public string JobId => inner.JobId;

    public string TaskName => inner.TaskName;

    public string TaskNameWithSubtasks => inner.TaskNameWithSubtasks;

    public int IndexOfThisSubtask => inner.IndexOfThisSubtask;

    public int NumberOfParallelSubtasks => inner.NumberOfParallelSubtasks;

    public int MaxNumberOfParallelSubtasks => inner.MaxNumberOfParallelSubtasks;

    public int AttemptNumber => inner.AttemptNumber;

    public void AddAccumulator(string name, IAccumulator accumulator) => inner.AddAccumulator(name, accumulator);

    public IAccumulator? GetAccumulator(string name) => inner.GetAccumulator(name);

    public Metrics.IMetricGroup GetMetricGroup() => inner.GetMetricGroup();

    public IntCounter GetIntCounter(string name) => inner.GetIntCounter(name);

    public LongCounter GetLongCounter(string name) => inner.GetLongCounter(name);

    public DoubleCounter GetDoubleCounter(string name) => inner.GetDoubleCounter(name);

    public Histogram GetHistogram(string name) => inner.GetHistogram(name);

    public AverageAccumulator GetAverageAccumulator(string name) => inner.GetAverageAccumulator(name);

    public IValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => keyedState.GetState(descriptor);

    public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => keyedState.GetListState(descriptor);

    public IMapState<TKey, TValue> GetMapState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull => keyedState.GetMapState(descriptor);

    public IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) => keyedState.GetReducingState(descriptor);

    public IAggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        keyedState.GetAggregatingState(descriptor);
}

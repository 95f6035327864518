using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Windowing;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Streaming;

/// <summary>
/// A non-keyed stream cut into windows (Flink's AllWindowedStream). All elements go to one subtask, as in
/// Flink, where the stream is keyed by a constant key and the window operator runs with parallelism 1.
/// </summary>
public sealed class AllWindowedStream<T, TWindow> where TWindow : Window
{
    private readonly WindowedStream<T, byte, TWindow> _windowed;

    internal AllWindowedStream(DataStream<T> input, WindowAssigner<TWindow> assigner) =>
        _windowed = new WindowedStream<T, byte, TWindow>(input.KeyBy(_ => (byte)0), assigner) { NonParallel = true, OperatorPrefix = "WindowAll" };

    public AllWindowedStream<T, TWindow> Trigger(Trigger<TWindow> trigger)
    {
        _windowed.Trigger(trigger);
        return this;
    }

    public AllWindowedStream<T, TWindow> Trigger(Trigger<Window> trigger)
    {
        _windowed.Trigger(trigger);
        return this;
    }

    public AllWindowedStream<T, TWindow> Evictor(IEvictor<TWindow> evictor)
    {
        _windowed.Evictor(evictor);
        return this;
    }

    public AllWindowedStream<T, TWindow> AllowedLateness(TimeSpan lateness)
    {
        _windowed.AllowedLateness(lateness);
        return this;
    }

    public AllWindowedStream<T, TWindow> SideOutputLateData(OutputTag<T> tag)
    {
        _windowed.SideOutputLateData(tag);
        return this;
    }

    public SingleOutputStreamOperator<T> Reduce(Func<T, T, T> reduce) => _windowed.Reduce(reduce);

    public SingleOutputStreamOperator<TResult> Aggregate<TAcc, TResult>(IAggregateFunction<T, TAcc, TResult> aggregate) => _windowed.Aggregate(aggregate);

    /// <summary>The number of elements of each window, as (window, count).</summary>
    public SingleOutputStreamOperator<(TWindow Window, long Count)> Count() =>
        _windowed.Aggregate(0L, (count, _) => count + 1, (_, window, count) => (window, count), (a, b) => a + b);

    /// <summary>Folds each window as LINQ's <c>Aggregate(seed, func)</c>; see <see cref="WindowedStream{T, TKey, TWindow}"/>.</summary>
    public SingleOutputStreamOperator<TAcc> Aggregate<TAcc>(TAcc seed, Func<TAcc, T, TAcc> func, Func<TAcc, TAcc, TAcc>? merge = null) =>
        _windowed.Aggregate(seed, func, merge);

    /// <summary>Folds each window, then makes its result from the window and the accumulator.</summary>
    public SingleOutputStreamOperator<TResult> Aggregate<TAcc, TResult>(TAcc seed, Func<TAcc, T, TAcc> func, Func<TWindow, TAcc, TResult> resultSelector,
        Func<TAcc, TAcc, TAcc>? merge = null)
    {
        ArgumentNullException.ThrowIfNull(resultSelector);
        return _windowed.Aggregate(seed, func, (_, window, acc) => resultSelector(window, acc), merge);
    }

    /// <summary>Evaluates each window from the window and all its elements, one result per window.</summary>
    public SingleOutputStreamOperator<TOut> Process<TOut>(Func<TWindow, IEnumerable<T>, TOut> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return _windowed.Process((_, window, elements) => function(window, elements));
    }

    public SingleOutputStreamOperator<TOut> Process<TOut>(ProcessAllWindowFunction<T, TOut, TWindow> function) =>
        _windowed.Elements(() => new ProcessAllWindowFunctionAdapter<T, TOut, byte, TWindow>(FunctionCopier.ForSubtask(function)), "Process");

    public SingleOutputStreamOperator<TOut> Apply<TOut>(IAllWindowFunction<T, TOut, TWindow> function) =>
        _windowed.Elements(() => new AllWindowFunctionAdapter<T, TOut, byte, TWindow>(FunctionCopier.ForSubtask(function)), "Apply");

    public SingleOutputStreamOperator<TOut> Apply<TOut>(Action<TWindow, IEnumerable<T>, ICollector<TOut>> function) =>
        _windowed.Apply<TOut>((_, window, elements, output) => function(window, elements, output));
}

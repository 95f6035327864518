using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Windowing;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Streaming;

/// <summary>
/// A keyed stream cut into windows (Flink's WindowedStream): set the trigger, evictor, allowed lateness and
/// late-data side output, then evaluate each window with Reduce, Aggregate, Process or Apply (optionally
/// pre-aggregating with Reduce/Aggregate and finishing with a window function).
/// </summary>
public sealed class WindowedStream<T, TKey, TWindow> where TKey : notnull where TWindow : Window
{
    private readonly KeyedStream<T, TKey> _input;
    private readonly WindowAssigner<TWindow> _assigner;
    private Trigger<TWindow> _trigger;
    private IEvictor<TWindow>? _evictor;
    private long _allowedLateness;
    private OutputTag<T>? _lateDataTag;

    internal WindowedStream(KeyedStream<T, TKey> input, WindowAssigner<TWindow> assigner)
    {
        ArgumentNullException.ThrowIfNull(assigner);
        _input = input;
        _assigner = assigner;
        _trigger = assigner.GetDefaultTrigger();
    }

    /// <summary>Set by WindowAll: the window operator runs as one subtask.</summary>
    internal bool NonParallel { get; init; }

    internal string OperatorPrefix { get; init; } = "Window";

    public WindowedStream<T, TKey, TWindow> Trigger(Trigger<TWindow> trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        CheckMergeable(trigger);
        _trigger = trigger;
        return this;
    }

    /// <summary>Uses a trigger written for any window type (CountTrigger, ContinuousEventTimeTrigger, PurgingTrigger of those).</summary>
    public WindowedStream<T, TKey, TWindow> Trigger(Trigger<Window> trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return Trigger(new WindowAgnosticTrigger<TWindow>(trigger));
    }

    public WindowedStream<T, TKey, TWindow> Evictor(IEvictor<TWindow> evictor)
    {
        ArgumentNullException.ThrowIfNull(evictor);
        _evictor = evictor;
        return this;
    }

    /// <summary>How long after a window's end late elements still update it (default zero; ignored in processing time, as in Flink).</summary>
    public WindowedStream<T, TKey, TWindow> AllowedLateness(TimeSpan lateness)
    {
        if (lateness < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lateness), lateness, "The allowed lateness cannot be negative.");
        _allowedLateness = (long)lateness.TotalMilliseconds;
        return this;
    }

    /// <summary>Elements that arrive after their windows were cleaned up go to this side output instead of being dropped.</summary>
    public WindowedStream<T, TKey, TWindow> SideOutputLateData(OutputTag<T> tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        _lateDataTag = tag;
        return this;
    }

    public SingleOutputStreamOperator<T> Reduce(Func<T, T, T> reduce) =>
        Reduce(reduce, () => new PassThroughWindowFunction<T, TKey, TWindow>(), "Reduce");

    public SingleOutputStreamOperator<T> Reduce(IReduceFunction<T> function) => Reduce(function.Reduce);

    public SingleOutputStreamOperator<TOut> Reduce<TOut>(Func<T, T, T> reduce, ProcessWindowFunction<T, TOut, TKey, TWindow> function) =>
        Reduce(reduce, () => new SingleValueWindowFunction<T, TOut, TKey, TWindow>(
            new ProcessWindowFunctionAdapter<T, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function))), "Reduce, Process");

    public SingleOutputStreamOperator<TOut> Reduce<TOut>(Func<T, T, T> reduce, IWindowFunction<T, TOut, TKey, TWindow> function) =>
        Reduce(reduce, () => new SingleValueWindowFunction<T, TOut, TKey, TWindow>(
            new WindowFunctionAdapter<T, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function))), "Reduce, Apply");

    public SingleOutputStreamOperator<TResult> Aggregate<TAcc, TResult>(IAggregateFunction<T, TAcc, TResult> aggregate) =>
        Aggregate(aggregate, () => new PassThroughWindowFunction<TResult, TKey, TWindow>(), "Aggregate");

    public SingleOutputStreamOperator<TOut> Aggregate<TAcc, TValue, TOut>(IAggregateFunction<T, TAcc, TValue> aggregate, ProcessWindowFunction<TValue, TOut, TKey, TWindow> function) =>
        Aggregate(aggregate, () => new SingleValueWindowFunction<TValue, TOut, TKey, TWindow>(
            new ProcessWindowFunctionAdapter<TValue, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function))), "Aggregate, Process");

    public SingleOutputStreamOperator<TOut> Aggregate<TAcc, TValue, TOut>(IAggregateFunction<T, TAcc, TValue> aggregate, IWindowFunction<TValue, TOut, TKey, TWindow> function) =>
        Aggregate(aggregate, () => new SingleValueWindowFunction<TValue, TOut, TKey, TWindow>(
            new WindowFunctionAdapter<TValue, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function))), "Aggregate, Apply");

    /// <summary>Evaluates each window with all its elements and the window's context.</summary>
    public SingleOutputStreamOperator<TOut> Process<TOut>(ProcessWindowFunction<T, TOut, TKey, TWindow> function) =>
        Elements(() => new ProcessWindowFunctionAdapter<T, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function)), "Process");

    public SingleOutputStreamOperator<TOut> Apply<TOut>(IWindowFunction<T, TOut, TKey, TWindow> function) =>
        Elements(() => new WindowFunctionAdapter<T, TOut, TKey, TWindow>(FunctionCopier.ForSubtask(function)), "Apply");

    public SingleOutputStreamOperator<TOut> Apply<TOut>(Action<TKey, TWindow, IEnumerable<T>, ICollector<TOut>> function) =>
        Apply(new DelegateWindowFunction<TOut>(function));

    /// <summary>The number of elements of each key's window, as (key, window, count).</summary>
    public SingleOutputStreamOperator<(TKey Key, TWindow Window, long Count)> Count() =>
        Aggregate(0L, (count, _) => count + 1, (key, window, count) => (key, window, count), (a, b) => a + b);

    /// <summary>
    /// Folds each window's elements as LINQ's <c>Aggregate(seed, func)</c> does, incrementally as they arrive; the
    /// window's result is the final accumulator. The seed starts every window, so it must be a value or immutable.
    /// Merging (session) windows need <paramref name="merge"/> to combine two windows' accumulators.
    /// </summary>
    public SingleOutputStreamOperator<TAcc> Aggregate<TAcc>(TAcc seed, Func<TAcc, T, TAcc> func, Func<TAcc, TAcc, TAcc>? merge = null) =>
        Aggregate(seed, func, acc => acc, merge);

    /// <summary>As LINQ's <c>Aggregate(seed, func, resultSelector)</c>, per window (see <see cref="Aggregate{TAcc}(TAcc, Func{TAcc, T, TAcc}, Func{TAcc, TAcc, TAcc})"/>).</summary>
    public SingleOutputStreamOperator<TResult> Aggregate<TAcc, TResult>(TAcc seed, Func<TAcc, T, TAcc> func, Func<TAcc, TResult> resultSelector,
        Func<TAcc, TAcc, TAcc>? merge = null) =>
        Aggregate(LambdaAggregate(seed, func, resultSelector, merge));

    /// <summary>Folds each window as <see cref="Aggregate{TAcc}(TAcc, Func{TAcc, T, TAcc}, Func{TAcc, TAcc, TAcc})"/>, with the key and window in the result.</summary>
    public SingleOutputStreamOperator<TResult> Aggregate<TAcc, TResult>(TAcc seed, Func<TAcc, T, TAcc> func, Func<TKey, TWindow, TAcc, TResult> resultSelector,
        Func<TAcc, TAcc, TAcc>? merge = null)
    {
        ArgumentNullException.ThrowIfNull(resultSelector);
        return Aggregate(LambdaAggregate(seed, func, acc => acc, merge),
            DelegateWindowResultFunction<TAcc, TResult, TKey, TWindow>.OfSingle(resultSelector));
    }

    /// <summary>Reduces each window incrementally, then makes its result from the key, the window and the reduced value.</summary>
    public SingleOutputStreamOperator<TOut> Reduce<TOut>(Func<T, T, T> reduce, Func<TKey, TWindow, T, TOut> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(resultSelector);
        return Reduce(reduce, DelegateWindowResultFunction<T, TOut, TKey, TWindow>.OfSingle(resultSelector));
    }

    /// <summary>Evaluates each window from its key, the window and all its elements (kept until the window fires), one result per window.</summary>
    public SingleOutputStreamOperator<TOut> Process<TOut>(Func<TKey, TWindow, IEnumerable<T>, TOut> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Apply(new DelegateWindowResultFunction<T, TOut, TKey, TWindow>(function));
    }

    private DelegateAggregateFunction<T, TAcc, TResult> LambdaAggregate<TAcc, TResult>(TAcc seed, Func<TAcc, T, TAcc> func,
        Func<TAcc, TResult> resultSelector, Func<TAcc, TAcc, TAcc>? merge)
    {
        ArgumentNullException.ThrowIfNull(func);
        ArgumentNullException.ThrowIfNull(resultSelector);
        if (merge is null && _assigner is MergingWindowAssigner<TWindow>)
            throw new ArgumentException($"Merging windows ({_assigner}) combine accumulators: give a merge function.", nameof(merge));
        return new DelegateAggregateFunction<T, TAcc, TResult>(seed, func, resultSelector, merge);
    }

    internal SingleOutputStreamOperator<TOut> Elements<TOut>(Func<InternalWindowFunction<IEnumerable<T>, TOut, TKey, TWindow>> function, string kind) =>
        Add<TOut>(kind, () => _evictor is null
            ? WindowContents.Listing(function())
            : WindowContents.Evicting(_evictor, function()));

    private SingleOutputStreamOperator<TOut> Reduce<TOut>(Func<T, T, T> reduce, Func<InternalWindowFunction<T, TOut, TKey, TWindow>> function, string kind)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        return Add<TOut>(kind, () => _evictor is null
            ? WindowContents.Reducing(reduce, function())
            : WindowContents.Evicting(_evictor, new ReduceElementsWindowFunction<T, TOut, TKey, TWindow>(reduce, function())));
    }

    private SingleOutputStreamOperator<TOut> Aggregate<TAcc, TValue, TOut>(
        IAggregateFunction<T, TAcc, TValue> aggregate, Func<InternalWindowFunction<TValue, TOut, TKey, TWindow>> function, string kind)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return Add<TOut>(kind, () => _evictor is null
            ? WindowContents.Aggregating<TKey, T, TAcc, TValue, TOut, TWindow>(aggregate, function())
            : WindowContents.Evicting(_evictor, new AggregateElementsWindowFunction<T, TAcc, TValue, TOut, TKey, TWindow>(aggregate, function())));
    }

    private SingleOutputStreamOperator<TOut> Add<TOut>(string kind, Func<Func<State.Internal.IInternalKeyedStateBackend, IWindowContents<TKey, T, TOut, TWindow>>> contents)
    {
        // Captured now: the builder may be changed after this call, the operator must not.
        var assigner = _assigner;
        var trigger = _trigger;
        var lateness = _allowedLateness;
        var lateTag = _lateDataTag;
        var keySelector = _input.KeySelector;
        var evictorName = _evictor is null ? "" : $", {_evictor.GetType().Name}";
        var name = $"{OperatorPrefix}({assigner}, {trigger}{evictorName}, {kind})";
        var contentsFactory = contents;
        var result = _input.KeyedTransform<TOut>(name, () =>
            new WindowOperator<TKey, T, TOut, TWindow>(name, assigner, trigger, keySelector, contentsFactory(), lateness, lateTag));
        if (NonParallel) result.SetParallelism(1).SetMaxParallelism(1);
        return result;
    }

    private void CheckMergeable(Trigger<TWindow> trigger)
    {
        if (_assigner is MergingWindowAssigner<TWindow> && !trigger.CanMerge)
            throw new InvalidOperationException($"A merging window assigner cannot be used with a trigger that does not support merging ({trigger}).");
    }

    private sealed class DelegateWindowFunction<TOut>(Action<TKey, TWindow, IEnumerable<T>, ICollector<TOut>> function) : IWindowFunction<T, TOut, TKey, TWindow>
    {
        public void Apply(TKey key, TWindow window, IEnumerable<T> input, ICollector<TOut> output) => function(key, window, input, output);
    }
}

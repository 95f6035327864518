using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>Emits the pre-aggregated value itself (Reduce or Aggregate without a window function).</summary>
internal sealed class PassThroughWindowFunction<T, TKey, TWindow> : InternalWindowFunction<T, T, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, T input, ICollector<T> output) => output.Collect(input);

    public override IEnumerable<object> UserFunctions => [];
}

/// <summary>Calls a ProcessWindowFunction with the window's elements (or the single pre-aggregated value).</summary>
internal sealed class ProcessWindowFunctionAdapter<TIn, TOut, TKey, TWindow>(ProcessWindowFunction<TIn, TOut, TKey, TWindow> function)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    private readonly ContextImpl _context = new();

    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output)
    {
        _context.Bind(window, context);
        function.Process(key, _context, input, output);
    }

    public override void Clear(TWindow window, IInternalWindowContext context)
    {
        _context.Bind(window, context);
        function.Clear(_context);
    }

    public override IEnumerable<object> UserFunctions => [function];

    private sealed class ContextImpl : ProcessWindowFunction<TIn, TOut, TKey, TWindow>.Context
    {
        private TWindow _window = null!;
        private IInternalWindowContext _inner = null!;

        public void Bind(TWindow window, IInternalWindowContext inner)
        {
            _window = window;
            _inner = inner;
        }

        public override TWindow Window => _window;

        public override long CurrentProcessingTime => _inner.CurrentProcessingTime;

        public override long CurrentWatermark => _inner.CurrentWatermark;

        public override IKeyedStateStore WindowState => _inner.WindowState;

        public override IKeyedStateStore GlobalState => _inner.GlobalState;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => _inner.Output(tag, value);
    }
}

/// <summary>Calls a ProcessAllWindowFunction (WindowAll, keyed internally by a constant key).</summary>
internal sealed class ProcessAllWindowFunctionAdapter<TIn, TOut, TKey, TWindow>(ProcessAllWindowFunction<TIn, TOut, TWindow> function)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    private readonly ContextImpl _context = new();

    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output)
    {
        _context.Bind(window, context);
        function.Process(_context, input, output);
    }

    public override void Clear(TWindow window, IInternalWindowContext context)
    {
        _context.Bind(window, context);
        function.Clear(_context);
    }

    public override IEnumerable<object> UserFunctions => [function];

    private sealed class ContextImpl : ProcessAllWindowFunction<TIn, TOut, TWindow>.Context
    {
        private TWindow _window = null!;
        private IInternalWindowContext _inner = null!;

        public void Bind(TWindow window, IInternalWindowContext inner)
        {
            _window = window;
            _inner = inner;
        }

        public override TWindow Window => _window;

        public override long CurrentProcessingTime => _inner.CurrentProcessingTime;

        public override long CurrentWatermark => _inner.CurrentWatermark;

        public override IKeyedStateStore WindowState => _inner.WindowState;

        public override IKeyedStateStore GlobalState => _inner.GlobalState;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => _inner.Output(tag, value);
    }
}

/// <summary>Calls a WindowFunction (Apply) with the window's elements.</summary>
internal sealed class WindowFunctionAdapter<TIn, TOut, TKey, TWindow>(IWindowFunction<TIn, TOut, TKey, TWindow> function)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output) =>
        function.Apply(key, window, input, output);

    public override IEnumerable<object> UserFunctions => [function];
}

/// <summary>Calls an AllWindowFunction (Apply on WindowAll).</summary>
internal sealed class AllWindowFunctionAdapter<TIn, TOut, TKey, TWindow>(IAllWindowFunction<TIn, TOut, TWindow> function)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output) =>
        function.Apply(window, input, output);

    public override IEnumerable<object> UserFunctions => [function];
}

/// <summary>Hands a single pre-aggregated value to a function that takes the window's elements.</summary>
internal sealed class SingleValueWindowFunction<TValue, TOut, TKey, TWindow>(InternalWindowFunction<IEnumerable<TValue>, TOut, TKey, TWindow> inner)
    : InternalWindowFunction<TValue, TOut, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, TValue input, ICollector<TOut> output) =>
        inner.Process(key, window, context, [input], output);

    public override void Clear(TWindow window, IInternalWindowContext context) => inner.Clear(window, context);

    public override IEnumerable<object> UserFunctions => inner.UserFunctions;
}

/// <summary>Reduces the (evicted) elements at firing time, then hands the result on (Reduce with an evictor).</summary>
internal sealed class ReduceElementsWindowFunction<TIn, TOut, TKey, TWindow>(Func<TIn, TIn, TIn> reduce, InternalWindowFunction<TIn, TOut, TKey, TWindow> inner)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output)
    {
        using var e = input.GetEnumerator();
        if (!e.MoveNext()) return;
        var result = e.Current;
        while (e.MoveNext()) result = reduce(result, e.Current);
        inner.Process(key, window, context, result, output);
    }

    public override void Clear(TWindow window, IInternalWindowContext context) => inner.Clear(window, context);

    public override IEnumerable<object> UserFunctions => inner.UserFunctions;
}

/// <summary>Aggregates the (evicted) elements at firing time, then hands the result on (Aggregate with an evictor).</summary>
internal sealed class AggregateElementsWindowFunction<TIn, TAcc, TResult, TOut, TKey, TWindow>(
    IAggregateFunction<TIn, TAcc, TResult> aggregate, InternalWindowFunction<TResult, TOut, TKey, TWindow> inner)
    : InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> where TWindow : Window
{
    public override void Process(TKey key, TWindow window, IInternalWindowContext context, IEnumerable<TIn> input, ICollector<TOut> output)
    {
        var acc = aggregate.CreateAccumulator();
        foreach (var value in input) acc = aggregate.Add(value, acc);
        inner.Process(key, window, context, aggregate.GetResult(acc), output);
    }

    public override void Clear(TWindow window, IInternalWindowContext context) => inner.Clear(window, context);

    public override IEnumerable<object> UserFunctions => inner.UserFunctions.Append(aggregate);
}

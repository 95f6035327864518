using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>Evaluates a whole window of a non-keyed stream (WindowAll) with its context.</summary>
public abstract class ProcessAllWindowFunction<TIn, TOut, TWindow> : RichFunction where TWindow : Window
{
    public abstract void Process(Context context, IEnumerable<TIn> elements, ICollector<TOut> output);

    public virtual void Clear(Context context)
    {
    }

    public abstract class Context
    {
        public abstract TWindow Window { get; }

        public abstract long CurrentProcessingTime { get; }

        public abstract long CurrentWatermark { get; }

        public abstract IKeyedStateStore WindowState { get; }

        public abstract IKeyedStateStore GlobalState { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }
}

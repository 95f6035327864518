using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>
/// Evaluates a whole window of a keyed stream with its context: the window, the clocks, per-window and
/// per-key state, side outputs. With Reduce/Aggregate it gets the single pre-aggregated value.
/// </summary>
public abstract class ProcessWindowFunction<TIn, TOut, TKey, TWindow> : RichFunction where TWindow : Window
{
    public abstract void Process(TKey key, Context context, IEnumerable<TIn> elements, ICollector<TOut> output);

    /// <summary>Called when the window is purged for good; delete per-window state here.</summary>
    public virtual void Clear(Context context)
    {
    }

    public abstract class Context
    {
        public abstract TWindow Window { get; }

        public abstract long CurrentProcessingTime { get; }

        public abstract long CurrentWatermark { get; }

        /// <summary>State of the current key scoped to this window.</summary>
        public abstract IKeyedStateStore WindowState { get; }

        /// <summary>State of the current key across all windows.</summary>
        public abstract IKeyedStateStore GlobalState { get; }

        /// <summary>Emits to a side output, stamped with the window's max timestamp.</summary>
        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }
}

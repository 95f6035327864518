using Brook.Streaming.Operators;

namespace Brook.Streaming.Functions;

/// <summary>
/// Processes each element of a keyed stream with keyed state (through the runtime context) and timers
/// for the current key (Flink's KeyedProcessFunction).
/// </summary>
public abstract class KeyedProcessFunction<TKey, TIn, TOut> : RichFunction
{
    public abstract void ProcessElement(TIn value, Context context, ICollector<TOut> output);

    /// <summary>A timer registered for the current key fired.</summary>
    public virtual void OnTimer(long timestamp, OnTimerContext context, ICollector<TOut> output)
    {
    }

    public abstract class Context
    {
        /// <summary>The element's (or, in OnTimer, the timer's event-time) timestamp; null when it has none.</summary>
        public abstract long? Timestamp { get; }

        public abstract ITimerService TimerService { get; }

        public abstract TKey CurrentKey { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }

    public abstract class OnTimerContext : Context
    {
        public abstract TimeDomain TimeDomain { get; }
    }
}

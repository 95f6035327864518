using Brook.Streaming.Operators;

namespace Brook.Streaming.Functions;

/// <summary>
/// Processes two connected keyed streams with shared keyed state and timers per key (Flink's
/// KeyedCoProcessFunction): both inputs' elements with the same key see the same state.
/// </summary>
public abstract class KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> : RichFunction
{
    public abstract void ProcessElement1(TIn1 value, Context context, ICollector<TOut> output);

    public abstract void ProcessElement2(TIn2 value, Context context, ICollector<TOut> output);

    public virtual void OnTimer(long timestamp, OnTimerContext context, ICollector<TOut> output)
    {
    }

    public abstract class Context
    {
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

using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Streaming.Functions;

/// <summary>
/// Processes a keyed stream connected with a broadcast stream (Flink's KeyedBroadcastProcessFunction).
/// Keyed elements read broadcast state, use keyed state (through the runtime context) and timers of
/// their key; broadcast elements, which have no key, write broadcast state.
/// </summary>
public abstract class KeyedBroadcastProcessFunction<TKey, TIn1, TIn2, TOut> : RichFunction
{
    public abstract void ProcessElement(TIn1 value, ReadOnlyContext context, ICollector<TOut> output);

    public abstract void ProcessBroadcastElement(TIn2 value, Context context, ICollector<TOut> output);

    /// <summary>A timer registered for the current key fired.</summary>
    public virtual void OnTimer(long timestamp, OnTimerContext context, ICollector<TOut> output)
    {
    }

    public abstract class BaseContext
    {
        /// <summary>The element's (or, in OnTimer, the timer's event-time) timestamp; null when it has none.</summary>
        public abstract long? Timestamp { get; }

        public abstract long CurrentProcessingTime { get; }

        public abstract long CurrentWatermark { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }

    /// <summary>The broadcast side's context: broadcast state is writable; there is no current key.</summary>
    public abstract class Context : BaseContext
    {
        public abstract IBroadcastState<TK, TV> GetBroadcastState<TK, TV>(MapStateDescriptor<TK, TV> descriptor) where TK : notnull;
    }

    /// <summary>The keyed side's context: broadcast state is read only; timers of the current key.</summary>
    public abstract class ReadOnlyContext : BaseContext
    {
        public abstract IReadOnlyBroadcastState<TK, TV> GetBroadcastState<TK, TV>(MapStateDescriptor<TK, TV> descriptor) where TK : notnull;

        public abstract ITimerService TimerService { get; }

        public abstract TKey CurrentKey { get; }
    }

    public abstract class OnTimerContext : ReadOnlyContext
    {
        public abstract TimeDomain TimeDomain { get; }
    }
}

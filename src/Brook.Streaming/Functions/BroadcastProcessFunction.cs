using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Streaming.Functions;

/// <summary>
/// Processes a (non-keyed) stream connected with a broadcast stream (Flink's BroadcastProcessFunction):
/// every subtask sees every broadcast element and may write broadcast state from it; elements of the
/// other input read broadcast state only, so all subtasks keep the same broadcast state.
/// </summary>
public abstract class BroadcastProcessFunction<TIn1, TIn2, TOut> : RichFunction
{
    public abstract void ProcessElement(TIn1 value, ReadOnlyContext context, ICollector<TOut> output);

    public abstract void ProcessBroadcastElement(TIn2 value, Context context, ICollector<TOut> output);

    public abstract class BaseContext
    {
        /// <summary>The element's timestamp; null when it has none.</summary>
        public abstract long? Timestamp { get; }

        public abstract long CurrentProcessingTime { get; }

        public abstract long CurrentWatermark { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }

    /// <summary>The broadcast side's context: broadcast state is writable.</summary>
    public abstract class Context : BaseContext
    {
        public abstract IBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull;
    }

    /// <summary>The non-broadcast side's context: broadcast state is read only.</summary>
    public abstract class ReadOnlyContext : BaseContext
    {
        public abstract IReadOnlyBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull;
    }
}

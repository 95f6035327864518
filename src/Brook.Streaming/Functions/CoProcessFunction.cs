using Brook.Streaming.Operators;

namespace Brook.Streaming.Functions;

/// <summary>Processes the elements of two connected streams, one method per input (Flink's CoProcessFunction).</summary>
public abstract class CoProcessFunction<TIn1, TIn2, TOut> : RichFunction
{
    public abstract void ProcessElement1(TIn1 value, Context context, ICollector<TOut> output);

    public abstract void ProcessElement2(TIn2 value, Context context, ICollector<TOut> output);

    public abstract class Context
    {
        public abstract long? Timestamp { get; }

        public abstract long CurrentProcessingTime { get; }

        public abstract long CurrentWatermark { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }
}

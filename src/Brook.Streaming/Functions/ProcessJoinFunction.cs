using Brook.Streaming.Operators;

namespace Brook.Streaming.Functions;

/// <summary>Called for every pair of elements an interval join matches (Flink's ProcessJoinFunction).</summary>
public abstract class ProcessJoinFunction<TLeft, TRight, TOut> : RichFunction
{
    public abstract void ProcessElement(TLeft left, TRight right, Context context, ICollector<TOut> output);

    public abstract class Context
    {
        public abstract long LeftTimestamp { get; }

        public abstract long RightTimestamp { get; }

        /// <summary>The result's timestamp: the larger of the two.</summary>
        public abstract long Timestamp { get; }

        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }
}

using Brook.Streaming.Operators;

namespace Brook.Streaming.Functions;

/// <summary>
/// The low-level function (Flink's ProcessFunction): sees each element with its timestamp, emits any
/// number of results, writes to side outputs and reads processing time.
/// </summary>
public abstract class ProcessFunction<TIn, TOut> : RichFunction
{
    public abstract void ProcessElement(TIn value, Context context, ICollector<TOut> output);

    public abstract class Context
    {
        /// <summary>The element's event timestamp, or null when it has none.</summary>
        public abstract long? Timestamp { get; }

        public abstract IProcessingTimeService ProcessingTimeService { get; }

        /// <summary>The current watermark of this operator.</summary>
        public abstract long CurrentWatermark { get; }

        /// <summary>Emits to a side output, with the element's timestamp.</summary>
        public abstract void Output<TSide>(OutputTag<TSide> tag, TSide value);
    }
}

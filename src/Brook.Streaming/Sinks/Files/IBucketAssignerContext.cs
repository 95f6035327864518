namespace Brook.Streaming.Sinks.Files;

/// <summary>What a bucket assigner knows when it places a record (Flink's BucketAssigner.Context).</summary>
public interface IBucketAssignerContext
{
    /// <summary>Now, in epoch milliseconds.</summary>
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }

    /// <summary>The record's timestamp, if it has one.</summary>
    long? Timestamp { get; }
}

using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>A collector that stamps emitted values with the timestamp of the input being processed.</summary>
public sealed class TimestampedCollector<T>(Output<T> output) : ICollector<T>
{
    public long Timestamp { get; set; } = StreamRecord.NoTimestamp;

    public void Collect(T value) => output.Collect(new StreamRecord<T>(value, Timestamp));
}

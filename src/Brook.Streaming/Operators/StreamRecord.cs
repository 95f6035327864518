namespace Brook.Streaming.Operators;

/// <summary>
/// A record flowing through the dataflow: the value and its event timestamp in epoch milliseconds
/// (<see cref="StreamRecord.NoTimestamp"/> when it has none). Passed by value; the value by reference.
/// </summary>
public readonly record struct StreamRecord<T>(T Value, long Timestamp)
{
    public StreamRecord(T value) : this(value, StreamRecord.NoTimestamp)
    {
    }

    public bool HasTimestamp => Timestamp != StreamRecord.NoTimestamp;

    public StreamRecord<TOther> Replace<TOther>(TOther value) => new(value, Timestamp);
}

public static class StreamRecord
{
    /// <summary>"No timestamp" is long.MinValue, as "no watermark" is (DESIGN: time).</summary>
    public const long NoTimestamp = long.MinValue;
}

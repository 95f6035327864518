namespace Brook.Streaming.Windowing;

/// <summary>A window element with its timestamp (long.MinValue when it has none), as evictors see it.</summary>
public readonly record struct TimestampedValue<T>(T Value, long Timestamp)
{
    public bool HasTimestamp => Timestamp != long.MinValue;
}

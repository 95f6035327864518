namespace Brook.Streaming.Watermarks;

/// <summary>Extracts an event's timestamp (epoch ms). <c>recordTimestamp</c> is the timestamp it already carries, or long.MinValue.</summary>
public interface ITimestampAssigner<in T>
{
    long ExtractTimestamp(T element, long recordTimestamp);
}

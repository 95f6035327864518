using System.Globalization;

namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Buckets by the processing time a record is written, formatted with <see cref="Format"/> in a time zone
/// (Flink's DateTimeBucketAssigner; the default format "yyyy-MM-dd--HH" makes one bucket per hour, and the
/// default zone is the machine's).
/// </summary>
public sealed class DateTimeBucketAssigner<T>(string format = DateTimeBucketAssigner<T>.DefaultFormat, TimeZoneInfo? timeZone = null) : IBucketAssigner<T>
{
    public const string DefaultFormat = "yyyy-MM-dd--HH";

    public string Format { get; } = format;

    public TimeZoneInfo TimeZone { get; } = timeZone ?? TimeZoneInfo.Local;

    public string GetBucketId(T element, IBucketAssignerContext context) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(context.CurrentProcessingTime), TimeZone)
            .ToString(Format, CultureInfo.InvariantCulture);
}

using Brook.Core.Configuration;

namespace Brook.Streaming.Watermarks;

/// <summary>Configuration of watermark generation (Flink's keys).</summary>
public static class WatermarkOptions
{
    public static readonly ConfigOption<TimeSpan> AutoWatermarkInterval = new("pipeline.auto-watermark-interval", TimeSpan.FromMilliseconds(200),
        ConfigParsers.Duration, "How often periodic watermark generators emit; 0 disables periodic watermarks.", ConfigParsers.FormatDuration);
}

namespace Brook.Streaming.Sinks.Files;

/// <summary>Entry point of the FileSink builders (Flink's FileSink.forRowFormat).</summary>
public static class FileSink
{
    /// <summary>A row-format FileSink writing under <paramref name="basePath"/>, one encoded record after another.</summary>
    public static RowFormatBuilder<T> ForRowFormat<T>(string basePath, IEncoder<T> encoder)
    {
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        ArgumentNullException.ThrowIfNull(encoder);
        return new RowFormatBuilder<T>(basePath, encoder);
    }
}

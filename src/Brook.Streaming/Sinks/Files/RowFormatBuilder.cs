namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Configures a row-format FileSink (Flink's DefaultRowFormatBuilder). Defaults as Flink's: hourly
/// <see cref="DateTimeBucketAssigner{T}"/> buckets, <see cref="DefaultRollingPolicy{T}"/>, "part" prefix, a
/// bucket check every minute.
/// </summary>
public sealed class RowFormatBuilder<T>
{
    private readonly string _basePath;
    private readonly IEncoder<T> _encoder;
    private IBucketAssigner<T> _bucketAssigner = new DateTimeBucketAssigner<T>();
    private IRollingPolicy<T> _rollingPolicy = new DefaultRollingPolicy<T>();
    private OutputFileConfig _outputFileConfig = OutputFileConfig.Default;
    private TimeSpan _bucketCheckInterval = TimeSpan.FromMinutes(1);

    internal RowFormatBuilder(string basePath, IEncoder<T> encoder)
    {
        _basePath = basePath;
        _encoder = encoder;
    }

    public RowFormatBuilder<T> WithBucketAssigner(IBucketAssigner<T> assigner)
    {
        _bucketAssigner = assigner ?? throw new ArgumentNullException(nameof(assigner));
        return this;
    }

    public RowFormatBuilder<T> WithRollingPolicy(IRollingPolicy<T> policy)
    {
        _rollingPolicy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    public RowFormatBuilder<T> WithOutputFileConfig(OutputFileConfig config)
    {
        _outputFileConfig = config ?? throw new ArgumentNullException(nameof(config));
        return this;
    }

    public RowFormatBuilder<T> WithBucketCheckInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _bucketCheckInterval = interval;
        return this;
    }

    public FileSink<T> Build() => new(Path.GetFullPath(_basePath), _encoder, _bucketAssigner, _rollingPolicy, _outputFileConfig, _bucketCheckInterval);
}

namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Flink's DefaultRollingPolicy: a part file rolls once it is larger than <see cref="MaxPartSize"/> (checked
/// before each record and at each checkpoint), once it is <see cref="RolloverInterval"/> old, or once nothing
/// was written to it for <see cref="InactivityInterval"/> (both checked every bucket-check interval).
/// Defaults as Flink's: 128 MiB, 60 s, 60 s.
/// </summary>
public sealed class DefaultRollingPolicy<T> : IRollingPolicy<T>
{
    public const long DefaultMaxPartSize = 128L * 1024 * 1024;

    public static readonly TimeSpan DefaultRolloverInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan DefaultInactivityInterval = TimeSpan.FromSeconds(60);

    public DefaultRollingPolicy(long? maxPartSize = null, TimeSpan? rolloverInterval = null, TimeSpan? inactivityInterval = null)
    {
        MaxPartSize = maxPartSize ?? DefaultMaxPartSize;
        RolloverInterval = rolloverInterval ?? DefaultRolloverInterval;
        InactivityInterval = inactivityInterval ?? DefaultInactivityInterval;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPartSize, nameof(maxPartSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RolloverInterval, TimeSpan.Zero, nameof(rolloverInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InactivityInterval, TimeSpan.Zero, nameof(inactivityInterval));
    }

    public long MaxPartSize { get; }

    public TimeSpan RolloverInterval { get; }

    public TimeSpan InactivityInterval { get; }

    public bool ShouldRollOnCheckpoint(PartFileInfo partFile) => partFile.Size > MaxPartSize;

    public bool ShouldRollOnEvent(PartFileInfo partFile, T element) => partFile.Size > MaxPartSize;

    public bool ShouldRollOnProcessingTime(PartFileInfo partFile, long currentTime) =>
        currentTime - partFile.CreationTime >= (long)RolloverInterval.TotalMilliseconds
        || currentTime - partFile.LastUpdateTime >= (long)InactivityInterval.TotalMilliseconds;
}

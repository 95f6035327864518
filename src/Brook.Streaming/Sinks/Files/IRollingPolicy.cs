namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// When an in-progress part file is closed and becomes pending (Flink's RollingPolicy). A pending file is
/// committed, i.e. becomes a finished, visible file, when the next checkpoint completes.
/// </summary>
public interface IRollingPolicy<in T>
{
    /// <summary>Asked at every checkpoint barrier.</summary>
    bool ShouldRollOnCheckpoint(PartFileInfo partFile);

    /// <summary>Asked before <paramref name="element"/> is written into the part file.</summary>
    bool ShouldRollOnEvent(PartFileInfo partFile, T element);

    /// <summary>Asked every bucket-check interval.</summary>
    bool ShouldRollOnProcessingTime(PartFileInfo partFile, long currentTime);
}

namespace Brook.Streaming.Sinks.Files;

/// <summary>Rolls at every checkpoint and never otherwise (Flink's OnCheckpointRollingPolicy).</summary>
public sealed class OnCheckpointRollingPolicy<T> : IRollingPolicy<T>
{
    public bool ShouldRollOnCheckpoint(PartFileInfo partFile) => true;

    public bool ShouldRollOnEvent(PartFileInfo partFile, T element) => false;

    public bool ShouldRollOnProcessingTime(PartFileInfo partFile, long currentTime) => false;
}

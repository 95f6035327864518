namespace Brook.Streaming.Sinks.Files;

/// <summary>What a rolling policy knows of an in-progress part file (Flink's PartFileInfo); times in epoch milliseconds.</summary>
public readonly record struct PartFileInfo(string BucketId, long CreationTime, long LastUpdateTime, long Size);

namespace Brook.Streaming.Sources;

/// <summary>
/// One file to read as text lines; <paramref name="RecordsToSkip"/> lines at its start were already read
/// (a checkpointed position, as Flink's CheckpointedPosition counts records after an offset).
/// </summary>
public sealed record FileSplit(string SplitId, string Path, long RecordsToSkip = 0) : ISourceSplit;

namespace Brook.Streaming.Sinks.Files;

/// <summary>A pending part file, closed at a checkpoint barrier, to be committed (renamed to its visible name) when the checkpoint completes (Flink's FileSinkCommittable).</summary>
public sealed record FileSinkCommittable(string BucketId, PartFileRecoverable PendingFile);

namespace Brook.Streaming.Sinks.Files;

/// <summary>A bucket's writer state in a checkpoint (Flink's FileWriterBucketState): its in-progress part file, if any.</summary>
public sealed record FileWriterBucketState(string BucketId, string BucketPath, long InProgressFileCreationTime, PartFileRecoverable? InProgressFile);

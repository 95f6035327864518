namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Chooses the bucket, a subdirectory of the sink's base path, each record is written to (Flink's
/// BucketAssigner with string bucket ids). The empty id is the base path itself.
/// </summary>
public interface IBucketAssigner<in T>
{
    string GetBucketId(T element, IBucketAssignerContext context);
}

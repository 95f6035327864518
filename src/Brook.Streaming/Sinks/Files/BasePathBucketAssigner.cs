namespace Brook.Streaming.Sinks.Files;

/// <summary>Writes every record into the base path itself (Flink's BasePathBucketAssigner).</summary>
public sealed class BasePathBucketAssigner<T> : IBucketAssigner<T>
{
    public string GetBucketId(T element, IBucketAssignerContext context) => "";
}

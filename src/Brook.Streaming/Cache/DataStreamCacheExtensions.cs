using Brook.Streaming.Cache;
using Brook.Streaming.Graph;

namespace Brook.Streaming;

/// <summary><see cref="DataStream{T}"/>.Cache(): keep a batch job's intermediate result for later jobs of the same environment.</summary>
public static class DataStreamCacheExtensions
{
    /// <summary>
    /// Caches the stream's result (Flink's cache(); bounded input in BATCH execution): the first job that computes it keeps
    /// it on the TaskManagers as a cluster data set, later jobs read it from there. Release it with
    /// <see cref="CachedDataStream{T}.InvalidateCacheAsync"/> or DELETE /datasets/:datasetid.
    /// </summary>
    public static CachedDataStream<T> Cache<T>(this DataStream<T> stream)
    {
        if (stream.Transformation is PartitionTransformation or UnionTransformation or CacheTransformation)
            throw new InvalidOperationException("Cache can only be called with physical transformation or side output transformation");
        var env = stream.Environment;
        return new CachedDataStream<T>(env, new CacheTransformation<T>(env.NextId(), $"Cache: {stream.Transformation.Name}", stream.Transformation));
    }
}

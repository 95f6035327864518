namespace Brook.Streaming.Cache;

/// <summary>
/// A stream whose result is cached the first time a job computes it (Flink's CachedDataStream, batch execution only): a
/// later job of the same environment that uses it reads the cluster data set instead of running its upstream again, or
/// recomputes it when the data set is gone. In a STREAMING job the cache is ignored, as in Flink.
/// </summary>
public sealed class CachedDataStream<T> : DataStream<T>
{
    internal CachedDataStream(StreamExecutionEnvironment environment, CacheTransformation<T> transformation) : base(environment, transformation)
    {
        environment.RegisterCacheTransformation(transformation);
    }

    /// <summary>The cluster data set id the cached result is kept under (GET /datasets lists it).</summary>
    public Core.Ids.IntermediateDataSetId DatasetId => ((CacheTransformation)Transformation).DatasetId;

    /// <summary>
    /// Releases the cached result on the cluster (Flink's invalidate): its memory is freed and a later job that uses this
    /// stream computes it again.
    /// </summary>
    public Task InvalidateCacheAsync(CancellationToken cancellationToken = default) =>
        Environment.InvalidateClusterDatasetAsync(DatasetId, cancellationToken);
}

using Brook.Core.Ids;
using Brook.Streaming.Cache;
using Brook.Streaming.Execution;

namespace Brook.Streaming;

public sealed partial class StreamExecutionEnvironment
{
    private readonly Dictionary<IntermediateDataSetId, CacheTransformation> _cachedTransformations = new();
    private IPipelineExecutor? _embeddedExecutor;

    /// <summary>The host's executor, else one embedded executor for all of this environment's jobs (so they share cached results).</summary>
    private IPipelineExecutor Executor => _executor ?? (_embeddedExecutor ??= EmbeddedExecutorLocator.Create(Configuration));

    internal void RegisterCacheTransformation(CacheTransformation transformation) => _cachedTransformations[transformation.DatasetId] = transformation;

    /// <summary>
    /// Before a job is generated, asks the cluster which cached results it holds complete (Flink's
    /// synchronizeClusterDatasetStatus): those are read back, the others (never computed, released, lost) computed again.
    /// </summary>
    private async Task SynchronizeClusterDatasetStatusAsync(IPipelineExecutor executor, CancellationToken cancellationToken)
    {
        if (_cachedTransformations.Count == 0) return;
        IReadOnlySet<IntermediateDataSetId> completed = executor is ICacheSupportedPipelineExecutor cache
            ? await cache.ListCompletedClusterDatasetsAsync(cancellationToken).ConfigureAwait(false)
            : new HashSet<IntermediateDataSetId>();
        foreach (var (id, t) in _cachedTransformations) t.IsCached = completed.Contains(id);
    }

    /// <summary>Releases a cached result on the cluster (Flink's invalidateClusterDataset); a later job computes it again.</summary>
    internal async Task InvalidateClusterDatasetAsync(IntermediateDataSetId dataSet, CancellationToken cancellationToken)
    {
        if (!_cachedTransformations.TryGetValue(dataSet, out var t))
            throw new InvalidOperationException($"IntermediateDataset {dataSet} is not found");
        if ((_executor ?? _embeddedExecutor) is ICacheSupportedPipelineExecutor cache) await cache.InvalidateClusterDatasetAsync(dataSet, cancellationToken).ConfigureAwait(false);
        t.IsCached = false;
    }
}

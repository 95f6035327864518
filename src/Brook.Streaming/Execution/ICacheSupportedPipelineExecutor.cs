using Brook.Core.Ids;

namespace Brook.Streaming.Execution;

/// <summary>An executor whose cluster keeps cached results between jobs (Flink's CacheSupportedPipelineExecutor).</summary>
public interface ICacheSupportedPipelineExecutor : IPipelineExecutor
{
    /// <summary>The cluster data sets whose partitions are all present.</summary>
    Task<IReadOnlySet<IntermediateDataSetId>> ListCompletedClusterDatasetsAsync(CancellationToken cancellationToken);

    /// <summary>Releases a cluster data set; completes when it is gone.</summary>
    Task InvalidateClusterDatasetAsync(IntermediateDataSetId dataSet, CancellationToken cancellationToken);
}

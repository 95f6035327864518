using Brook.Core.Ids;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.Runtime.MiniCluster;

/// <summary>
/// Runs every pipeline of an environment on one long-lived MiniCluster (tests, benchmarks, embedding hosts), so the results
/// a job caches (DataStream.Cache()) stay on its TaskManagers for the environment's later jobs.
/// </summary>
public sealed class MiniClusterExecutor(MiniCluster cluster) : ICacheSupportedPipelineExecutor
{
    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken) =>
        Task.FromResult<IJobClient>(new JobMasterJobClient(cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(streamGraph))));

    public Task<IReadOnlySet<IntermediateDataSetId>> ListCompletedClusterDatasetsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<IntermediateDataSetId>>(cluster.ResourceManager.ListDataSets().Where(kv => kv.Value.IsComplete).Select(kv => kv.Key).ToHashSet());

    public Task InvalidateClusterDatasetAsync(IntermediateDataSetId dataSet, CancellationToken cancellationToken) =>
        cluster.ResourceManager.ReleaseClusterPartitionsAsync(dataSet).WaitAsync(cancellationToken);
}

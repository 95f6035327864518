using Brook.Runtime.MiniCluster;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.Runtime.Tests;

/// <summary>Submits pipelines to a MiniCluster the test owns (so the test can inspect slots and snapshots).</summary>
internal sealed class ClusterExecutor(MiniCluster.MiniCluster cluster) : IPipelineExecutor
{
    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken) =>
        Task.FromResult<IJobClient>(new JobMasterJobClient(cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(streamGraph))));
}

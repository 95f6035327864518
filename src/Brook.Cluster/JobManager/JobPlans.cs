using Brook.Core.Configuration;
using Brook.Rest.Gateway;
using Brook.Runtime.Failover;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.JobManager;

/// <summary>What the job views keep of a JobGraph: its plan and configuration as plain data (no user code).</summary>
public static class JobPlans
{
    public static JobPlanSnapshot Plan(JobGraphType graph) =>
        new(graph.JobId, graph.Name, graph.Vertices.Select(v => new JobPlanVertex(v.Id, v.Name, v.Parallelism,
            v.Inputs.Select(i => new JobPlanInput(i.Source.Id, i.ShipStrategyName)).ToList())).ToList()) { JobType = graph.JobType };

    /// <summary>The job's parallelism, its restart strategy in Flink's words (from the job's own configuration) and its user configuration.</summary>
    /// <remarks>The user configuration is what the job set beyond (or differently from) the cluster's configuration.</remarks>
    public static JobConfigSnapshot Config(JobGraphType graph, Configuration cluster)
    {
        var clusterEntries = cluster.Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return new JobConfigSnapshot(graph.Configuration.Get(CoreOptions.ParallelismDefault), false,
            RestartBackoffTimeStrategyFactoryLoader.Describe(graph.Configuration),
            graph.Configuration.Entries().Where(e => !clusterEntries.TryGetValue(e.Key, out var v) || v != e.Value)
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
    }
}

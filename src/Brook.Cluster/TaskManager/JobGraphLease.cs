using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A task's use of its job's graph as rebuilt on this TaskManager. The graph's user functions come from the job's package,
/// which stays loaded until the last lease of the job is disposed.
/// </summary>
internal sealed class JobGraphLease(JobGraphType jobGraph, IDisposable release) : IDisposable
{
    public JobGraphType JobGraph { get; } = jobGraph;

    public void Dispose() => release.Dispose();
}

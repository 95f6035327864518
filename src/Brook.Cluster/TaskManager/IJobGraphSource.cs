using Brook.Core.Ids;
using Brook.Runtime.JobGraph;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// Where a TaskManager process gets the job graph of a deployed task: rebuilt from the job's package and checked against the
/// operator ids the JobManager deploys. The lease keeps the job's code loaded; disposing it releases it.
/// </summary>
internal interface IJobGraphSource
{
    /// <summary>The job's graph; throws naming the first operator that differs, or why the graph cannot be rebuilt.</summary>
    Task<(JobGraph Graph, IDisposable Lease)> GetJobGraphAsync(JobId jobId, JobPackageReference package,
        IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> expectedOperatorIds, IReadOnlyDictionary<OperatorId, string> operatorNames,
        CancellationToken cancellationToken);
}

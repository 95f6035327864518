using Brook.Core.Ids;
using Brook.Runtime.JobGraph;

namespace Brook.Cluster.TaskManager;

/// <summary>A TaskManager without access to job packages: every deployment fails, saying so.</summary>
internal sealed class UnavailableJobGraphSource : IJobGraphSource
{
    public Task<(JobGraph Graph, IDisposable Lease)> GetJobGraphAsync(JobId jobId, JobPackageReference package,
        IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> expectedOperatorIds, IReadOnlyDictionary<OperatorId, string> operatorNames,
        CancellationToken cancellationToken) =>
        Task.FromException<(JobGraph, IDisposable)>(new InvalidOperationException(
            $"This TaskManager cannot fetch job package {package.BlobKey} of job {jobId}: it has no connection to a blob service."));
}

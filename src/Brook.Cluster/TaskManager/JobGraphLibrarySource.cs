using Brook.Core.Ids;
using Brook.Runtime.JobGraph;

namespace Brook.Cluster.TaskManager;

/// <summary>The job graphs of a TaskManager process: rebuilt from the packages its <see cref="JobGraphLibrary"/> fetches from the JobManager.</summary>
internal sealed class JobGraphLibrarySource(JobGraphLibrary library) : IJobGraphSource, IDisposable
{
    public JobGraphLibrary Library => library;

    public async Task<(JobGraph Graph, IDisposable Lease)> GetJobGraphAsync(JobId jobId, JobPackageReference package,
        IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> expectedOperatorIds, IReadOnlyDictionary<OperatorId, string> operatorNames,
        CancellationToken cancellationToken)
    {
        var lease = await library.GetJobGraphAsync(jobId, package, expectedOperatorIds, cancellationToken, operatorNames);
        return (lease.JobGraph, lease);
    }

    public void Dispose() => library.Dispose();
}

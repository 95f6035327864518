using Brook.Core.Ids;

namespace Brook.Rest.Handlers;

/// <summary>The Dispatcher does not know the job (Flink's FlinkJobNotFoundException).</summary>
public sealed class FlinkJobNotFoundException(JobId jobId) : Exception($"Could not find Flink job ({jobId})")
{
    public JobId JobId { get; } = jobId;

    /// <summary>The 404 the ExecutionGraph-based handlers answer (AbstractExecutionGraphHandler).</summary>
    public static NotFoundException NotFound(JobId jobId) => new($"Job {jobId} not found", new FlinkJobNotFoundException(jobId));
}

using Brook.Core.Ids;

namespace Brook.Cluster.JobManager;

/// <summary>A job with this id is already known to the Dispatcher (Flink's DuplicateJobSubmissionException).</summary>
public sealed class DuplicateJobSubmissionException(JobId jobId) : Exception($"Job has already been submitted. (job {jobId})")
{
    public JobId JobId { get; } = jobId;
}

using Brook.Core.Ids;
using Brook.Core.States;

namespace Brook.Streaming.Execution;

/// <summary>A job did not finish: it failed (the root cause is the inner exception) or was cancelled.</summary>
public sealed class JobExecutionException(JobId jobId, JobStatus status, string message, Exception? cause)
    : Exception(message, cause)
{
    public JobId JobId { get; } = jobId;

    public JobStatus Status { get; } = status;
}

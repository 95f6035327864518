using Brook.Core.Ids;
using Brook.Core.States;

namespace Brook.Streaming.Execution;

/// <summary>Follows and controls a submitted job (Flink's JobClient).</summary>
public interface IJobClient
{
    JobId JobId { get; }

    Task<JobStatus> GetJobStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Requests cancellation; completes once the request is accepted (the result task ends the job).</summary>
    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when the job reaches a terminal state: with the result if it finished, else it throws
    /// <see cref="JobExecutionException"/> carrying the failure cause (or saying the job was cancelled).</summary>
    Task<JobExecutionResult> GetJobExecutionResultAsync(CancellationToken cancellationToken = default);
}

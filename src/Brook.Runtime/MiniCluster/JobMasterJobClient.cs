using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Streaming.Execution;

namespace Brook.Runtime.MiniCluster;

/// <summary>A job client over an in-process JobMaster (Flink's JobClient for a MiniCluster).</summary>
public sealed class JobMasterJobClient(JobMaster.JobMaster jobMaster) : IJobClient
{
    public JobId JobId => jobMaster.JobId;

    public Task<JobStatus> GetJobStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(jobMaster.Status);

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        jobMaster.Cancel();
        return Task.CompletedTask;
    }

    public async Task<JobExecutionResult> GetJobExecutionResultAsync(CancellationToken cancellationToken = default)
    {
        var result = await jobMaster.ResultTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            JobStatus.FINISHED => new JobExecutionResult(result.JobId, result.NetRuntime, result.Accumulators),
            JobStatus.CANCELED => throw new JobExecutionException(result.JobId, result.Status, $"Job {result.JobId} was cancelled.", null),
            _ => throw new JobExecutionException(result.JobId, result.Status, $"Job {result.JobId} execution failed.", result.Failure),
        };
    }
}

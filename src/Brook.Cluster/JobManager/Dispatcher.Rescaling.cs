using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Async;
using Brook.Runtime.JobGraph;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.JobManager;

/// <summary>
/// The Dispatcher's side of live rescaling: PATCH /jobs/:jobid/rescaling starts an asynchronous rescale kept in its own
/// operation cache (a new trigger id per request, as Flink's rescaling handlers had), and the resource requirements of
/// the adaptive scheduler are read and replaced through the job's JobMaster.
/// </summary>
public sealed partial class Dispatcher
{
    private CompletedOperationCache<AsynchronousJobOperationKey, bool>? _rescalings;

    private CompletedOperationCache<AsynchronousJobOperationKey, bool> Rescalings =>
        LazyInitializer.EnsureInitialized(ref _rescalings, () => new CompletedOperationCache<AsynchronousJobOperationKey, bool>(_configuration, _time));

    /// <summary>Starts rescaling the job to <paramref name="parallelism"/>; the trigger id, or null when the Dispatcher does not know the job.</summary>
    public TriggerId? TriggerRescaling(JobId jobId, int parallelism)
    {
        var entry = Find(jobId);
        if (entry is null) return null;
        var key = new AsynchronousJobOperationKey(TriggerId.Generate(), jobId);
        Rescalings.TryRegister(key, () => RescaleAsync(entry, parallelism));
        return key.TriggerId;
    }

    /// <summary>The rescale's state; null for an unknown or expired trigger.</summary>
    public OperationResult<bool>? RequestRescalingStatus(AsynchronousJobOperationKey key) => Rescalings.Get(key);

    private async Task<bool> RescaleAsync(DispatcherJob entry, int parallelism)
    {
        var jobMaster = entry.JobMaster;
        var status = jobMaster?.Status ?? entry.Snapshot().Status;
        if (jobMaster is null || status.IsGloballyTerminal())
            throw new InvalidOperationException($"Job {entry.JobId} cannot be rescaled: it has already reached the terminal state {status}.");
        _log.LogInformation("Rescaling job {JobId} to parallelism {Parallelism}.", entry.JobId, parallelism);
        await jobMaster.RescaleAsync(parallelism).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The job's resource requirements (Flink's requestJobResourceRequirements); throws FlinkJobNotFoundException for a job
    /// that does not run (Flink answers it with a 500) and NotSupportedException under the default scheduler.
    /// </summary>
    public JobResourceRequirements RequestJobResourceRequirements(JobId jobId) => RunningJobMaster(jobId).ResourceRequirements;

    /// <summary>Replaces the job's resource requirements; the adaptive scheduler rescales the job into them.</summary>
    public void UpdateJobResourceRequirements(JobId jobId, JobResourceRequirements requirements) =>
        RunningJobMaster(jobId).UpdateResourceRequirements(requirements);
}

using Brook.Core.Ids;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.Cluster.Rpc;

/// <summary>
/// The JobMasters of the running jobs by job id, so messages from TaskManager processes reach the JobMaster of their job
/// (Flink addresses each JobMaster by its own RPC endpoint; Brook's JobManager has one endpoint for all jobs). A job leaves
/// when it reached a terminal state: later messages about it are ignored.
/// </summary>
internal sealed class JobMasterRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<JobId, JobMasterType> _jobMasters = new();

    public void Add(JobMasterType jobMaster)
    {
        lock (_lock)
        {
            // A duplicate submission of a running job is refused by the Dispatcher: the running JobMaster stays.
            if (!_jobMasters.TryAdd(jobMaster.JobId, jobMaster)) return;
        }
        jobMaster.ResultTask.ContinueWith(_ =>
        {
            lock (_lock)
            {
                if (_jobMasters.TryGetValue(jobMaster.JobId, out var current) && ReferenceEquals(current, jobMaster)) _jobMasters.Remove(jobMaster.JobId);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public JobMasterType? Find(JobId jobId)
    {
        lock (_lock) return _jobMasters.GetValueOrDefault(jobId);
    }
}

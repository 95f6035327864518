using System.Collections.Concurrent;
using Brook.Core.Ids;
using Brook.Rest.Gateway;

namespace Brook.Cluster.JobManager;

/// <summary>
/// Flink's Dispatcher: the JobManager's registry of submitted jobs. Job submission arrives with the jobs
/// work; until then the registry holds exactly the jobs that have been added to it, which is none.
/// </summary>
public sealed class Dispatcher
{
    private readonly ConcurrentDictionary<JobId, JobDetailsSnapshot> _jobs = new();

    /// <summary>Records the latest state of a job (called by its JobMaster on every status change).</summary>
    public void UpdateJob(JobDetailsSnapshot job) => _jobs[job.Id] = job;

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() =>
        _jobs.Values.OrderByDescending(j => j.StartTime).ThenBy(j => j.Id.Hex, StringComparer.Ordinal).ToList();
}

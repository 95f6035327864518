using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobs and GET /jobs/overview over the Dispatcher's jobs.</summary>
public static class JobsOverviewHandlers
{
    public static JobIdsWithStatusOverview JobIds(IReadOnlyList<JobDetailsSnapshot> jobs) =>
        new(jobs.Select(j => new JobIdWithStatus(j.Id.Hex, j.Status.ToString())).ToList());

    public static MultipleJobsDetails Details(IReadOnlyList<JobDetailsSnapshot> jobs, long nowMillis) =>
        new(jobs.Select(j => ToDetails(j, nowMillis)).ToList());

    /// <summary>Flink's JobDetails: duration runs to now while the job has not ended; tasks has total plus every state.</summary>
    public static JobDetails ToDetails(JobDetailsSnapshot job, long nowMillis)
    {
        var tasks = new Dictionary<string, int>();
        var total = 0;
        foreach (var state in Enum.GetValues<ExecutionState>())
        {
            var n = job.TaskCounts.GetValueOrDefault(state);
            tasks[state.ToString().ToLowerInvariant()] = n;
            total += n;
        }
        tasks["total"] = total;
        var duration = (job.EndTime >= 0 ? job.EndTime : nowMillis) - job.StartTime;
        return new JobDetails(job.Id.Hex, job.Name, job.StartTime, job.EndTime, duration, job.Status.ToString(), job.LastModification, tasks,
            job.PendingOperators);
    }
}

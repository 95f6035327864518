using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.ExecutionGraph;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.Cluster.JobManager;

/// <summary>
/// One job the Dispatcher knows: its JobMaster while it runs, then its final snapshot. The JobMaster (and with it
/// the job's user code) is dropped at archiving, so a job package can be unloaded once its jobs have ended.
/// </summary>
internal sealed class DispatcherJob(JobMasterType jobMaster, JobPlanSnapshot plan, JobConfigSnapshot config, Action? onTerminated)
{
    private readonly TaskCompletionSource<ArchivedExecutionGraph> _archived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ArchivedExecutionGraph? _final;

    public JobId JobId { get; } = jobMaster.JobId;

    public JobMasterType? JobMaster { get; private set; } = jobMaster;

    private PlanOf _plan = new(jobMaster.JobGraph, plan);

    /// <summary>The plan of the job graph the job runs now: a rescale changes its vertices' parallelism.</summary>
    public JobPlanSnapshot Plan
    {
        get
        {
            var current = Volatile.Read(ref _plan);
            if (JobMaster?.JobGraph is not { } graph || ReferenceEquals(graph, current.Graph)) return current.Plan;
            var rebuilt = new PlanOf(graph, JobPlans.Plan(graph));
            Volatile.Write(ref _plan, rebuilt);
            return rebuilt.Plan;
        }
    }

    public JobConfigSnapshot Config { get; } = config;

    public Action? OnTerminated { get; } = onTerminated;

    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>Epoch ms after which a job that ends with its client is cancelled; 0 for jobs that do not.</summary>
    public long ClientExpiredTimestamp { get; set; }

    public Task<ArchivedExecutionGraph> Archived => _archived.Task;

    /// <summary>The live snapshot while the job runs, the final one afterwards (SetArchived sets the final one before dropping the JobMaster).</summary>
    public ArchivedExecutionGraph Snapshot()
    {
        if (Volatile.Read(ref _final) is { } final) return final;
        if (JobMaster is { } jobMaster) return jobMaster.Snapshot();
        return Volatile.Read(ref _final)!;
    }

    public void SetArchived(ArchivedExecutionGraph final, DateTimeOffset at)
    {
        Volatile.Write(ref _final, final);
        ArchivedAt = at;
        JobMaster = null;
        _archived.TrySetResult(final);
    }

    private sealed record PlanOf(Brook.Runtime.JobGraph.JobGraph Graph, JobPlanSnapshot Plan);
}

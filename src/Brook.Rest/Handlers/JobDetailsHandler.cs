using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobs/:jobid, /jobs/:jobid/status, /jobs/:jobid/config, /jobs/:jobid/execution-result.</summary>
public static class JobDetailsHandler
{
    public static JobDetailsInfo Details(ExecutionGraphInfo info)
    {
        var g = info.Graph;
        var now = g.SnapshotTime;
        var vertices = g.Vertices.Select(v => new JobDetailsVertexInfo(
            v.Id.Hex, v.Name, v.MaxParallelism, v.Parallelism, v.AggregateState.ToString(),
            v.StartTime, v.EndTime, JobViewFormat.Duration(v.StartTime, v.EndTime, now),
            JobViewFormat.StateCounts(v.Subtasks.Select(s => s.CurrentExecution.State)),
            JobViewFormat.Metrics(JobViewFormat.Sum(v.Subtasks.Select(s => s.CurrentExecution.Metrics))))).ToList();
        var timestamps = Enum.GetValues<JobStatus>().ToDictionary(s => s.ToString(), s => g.StatusTimestamps.GetValueOrDefault(s, 0));
        var statusCounts = JobViewFormat.StateCounts(g.Vertices.Select(v => v.AggregateState));
        return new JobDetailsInfo(g.JobId.Hex, g.JobName, g.IsStoppable, g.Status.ToString(), g.JobType.ToString(), g.StartTime, g.EndTime,
            JobViewFormat.Duration(g.StartTime, g.EndTime, now), g.MaxParallelism, now, timestamps, vertices, statusCounts,
            JobPlanHandler.Plan(info.Plan), 0);
    }

    public static JobStatusInfo Status(ExecutionGraphInfo info) => new(info.Graph.Status.ToString());

    public static JobConfigInfo Config(ExecutionGraphInfo info) =>
        new(info.Graph.JobId.Hex, info.Graph.JobName,
            new ExecutionConfigInfo(info.Config.RestartStrategy, info.Config.Parallelism, info.Config.ObjectReuse,
                info.Config.UserConfig.ToDictionary(e => e.Key, e => SensitiveKeys.Mask(e.Key, e.Value), StringComparer.Ordinal)));

    /// <summary>IN_PROGRESS until the job is globally terminal; then its status, runtime, accumulators and failure.</summary>
    public static JobExecutionResultResponseBody ExecutionResult(ExecutionGraphInfo info)
    {
        var g = info.Graph;
        if (!g.Status.IsGloballyTerminal()) return new JobExecutionResultResponseBody(new QueueStatusInfo("IN_PROGRESS"), null);
        var applicationStatus = g.Status switch
        {
            JobStatus.FINISHED => "SUCCEEDED",
            JobStatus.CANCELED => "CANCELED",
            JobStatus.FAILED => "FAILED",
            _ => "UNKNOWN",
        };
        var failure = g.FailureInfo is { } f && g.Status != JobStatus.FINISHED
            ? new SerializedThrowableInfo(f.ExceptionType, f.StackTrace, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(f.StackTrace)))
            : null;
        return new JobExecutionResultResponseBody(new QueueStatusInfo("COMPLETED"),
            new JobResultInfo(g.JobId.Hex, applicationStatus, JobAccumulatorsHandler.Serialized(g.Accumulators), g.Duration, failure));
    }
}

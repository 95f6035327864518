using Brook.Core.States;

namespace Brook.Runtime.Metrics;

/// <summary>
/// A job's metrics on the JobManager (Flink's JobManagerJobMetricGroup): availability gauges from the job's status
/// timestamps and the checkpoint gauges from its CheckpointStatsTracker, read when reported.
/// </summary>
public static class JobManagerJobMetrics
{
    /// <summary>Flink's value for a time gauge of a job that has ended.</summary>
    private const long NoLongerRunning = -1;

    public static void Register(MetricGroup job, JobMaster.JobMaster jobMaster, TimeProvider time)
    {
        long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
        // One snapshot serves the gauges of one dump or scrape.
        var graph = new SampledValue<ExecutionGraph.ArchivedExecutionGraph>(jobMaster.Snapshot, TimeSpan.FromMilliseconds(200));
        var stats = new SampledValue<Checkpointing.CheckpointStatsSnapshot>(jobMaster.CheckpointCoordinator.StatisticsSnapshot, TimeSpan.FromMilliseconds(200));
        job.Gauge(MetricNames.Uptime, () =>
        {
            var g = graph.Value;
            if (g.Status == JobStatus.RUNNING) return Now() - g.StatusTimestamps.GetValueOrDefault(JobStatus.RUNNING, Now());
            return g.Status.IsGloballyTerminal() ? NoLongerRunning : 0L;
        });
        job.Gauge(MetricNames.Downtime, () =>
        {
            var g = graph.Value;
            if (g.Status is JobStatus.FAILING or JobStatus.RESTARTING)
            {
                var since = Math.Max(g.StatusTimestamps.GetValueOrDefault(JobStatus.FAILING, 0), g.StatusTimestamps.GetValueOrDefault(JobStatus.RESTARTING, 0));
                return Now() - since;
            }
            return g.Status.IsGloballyTerminal() ? NoLongerRunning : 0L;
        });
        job.Gauge(MetricNames.RestartingTime, () =>
        {
            var g = graph.Value;
            var restarting = g.StatusTimestamps.GetValueOrDefault(JobStatus.RESTARTING, 0);
            if (restarting <= 0) return 0L;
            if (g.Status == JobStatus.RESTARTING) return Now() - restarting;
            var running = g.StatusTimestamps.GetValueOrDefault(JobStatus.RUNNING, 0);
            return running > restarting ? running - restarting : 0L;
        });
        job.Gauge(MetricNames.NumRestarts, () => jobMaster.NumRestarts);
        job.Gauge("lastCheckpointDuration", () => stats.Value.LatestCompleted?.EndToEndDuration ?? -1L);
        job.Gauge("lastCheckpointSize", () => stats.Value.LatestCompleted?.StateSize ?? -1L);
        // Every Brook snapshot is a full one: the checkpointed size is the full size.
        job.Gauge("lastCheckpointFullSize", () => stats.Value.LatestCompleted?.StateSize ?? -1L);
        job.Gauge("lastCheckpointExternalPath", () => stats.Value.LatestCompleted?.ExternalPath ?? "n/a");
        job.Gauge("lastCheckpointRestoreTimestamp", () => stats.Value.LatestRestored?.RestoreTimestamp ?? -1L);
        job.Gauge("numberOfCompletedCheckpoints", () => stats.Value.Counts.Completed);
        job.Gauge("numberOfFailedCheckpoints", () => stats.Value.Counts.Failed);
        job.Gauge("numberOfInProgressCheckpoints", () => (long)stats.Value.Counts.InProgress);
        job.Gauge("totalNumberOfCheckpoints", () => stats.Value.Counts.Total);
        foreach (var v in jobMaster.JobGraph.Vertices.Where(v => v.IsSource))
        {
            var head = v.Head;
            var coordinator = job.Registry.CreateJobManagerOperatorGroup(job, v.Id.Hex, v.OperatorIds[head.Id].Hex, head.OperatorName);
            coordinator.Gauge("numRegisteredReaders", () => jobMaster.SourceCoordinator(head.Id)?.NumRegisteredReaders ?? 0);
            coordinator.Gauge("numAssignedSplits", () => jobMaster.SourceCoordinator(head.Id)?.NumAssignedSplits ?? 0L);
        }
    }
}

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
        job.Gauge(MetricNames.Uptime, () =>
        {
            var g = jobMaster.Snapshot();
            if (g.Status == JobStatus.RUNNING) return Now() - g.StatusTimestamps.GetValueOrDefault(JobStatus.RUNNING, Now());
            return g.Status.IsGloballyTerminal() ? NoLongerRunning : 0L;
        });
        job.Gauge(MetricNames.Downtime, () =>
        {
            var g = jobMaster.Snapshot();
            if (g.Status is JobStatus.FAILING or JobStatus.RESTARTING)
            {
                var since = Math.Max(g.StatusTimestamps.GetValueOrDefault(JobStatus.FAILING, 0), g.StatusTimestamps.GetValueOrDefault(JobStatus.RESTARTING, 0));
                return Now() - since;
            }
            return g.Status.IsGloballyTerminal() ? NoLongerRunning : 0L;
        });
        job.Gauge(MetricNames.RestartingTime, () =>
        {
            var g = jobMaster.Snapshot();
            var restarting = g.StatusTimestamps.GetValueOrDefault(JobStatus.RESTARTING, 0);
            if (restarting <= 0) return 0L;
            if (g.Status == JobStatus.RESTARTING) return Now() - restarting;
            var running = g.StatusTimestamps.GetValueOrDefault(JobStatus.RUNNING, 0);
            return running > restarting ? running - restarting : 0L;
        });
        job.Gauge(MetricNames.NumRestarts, () => jobMaster.NumRestarts);
        var checkpoints = jobMaster.CheckpointCoordinator;
        job.Gauge("lastCheckpointDuration", () => checkpoints.StatisticsSnapshot().LatestCompleted?.EndToEndDuration ?? -1L);
        job.Gauge("lastCheckpointSize", () => checkpoints.StatisticsSnapshot().LatestCompleted?.StateSize ?? -1L);
        // Every Brook snapshot is a full one: the checkpointed size is the full size.
        job.Gauge("lastCheckpointFullSize", () => checkpoints.StatisticsSnapshot().LatestCompleted?.StateSize ?? -1L);
        job.Gauge("lastCheckpointExternalPath", () => checkpoints.StatisticsSnapshot().LatestCompleted?.ExternalPath ?? "n/a");
        job.Gauge("lastCheckpointRestoreTimestamp", () => checkpoints.StatisticsSnapshot().LatestRestored?.RestoreTimestamp ?? -1L);
        job.Gauge("numberOfCompletedCheckpoints", () => checkpoints.StatisticsSnapshot().Counts.Completed);
        job.Gauge("numberOfFailedCheckpoints", () => checkpoints.StatisticsSnapshot().Counts.Failed);
        job.Gauge("numberOfInProgressCheckpoints", () => (long)checkpoints.StatisticsSnapshot().Counts.InProgress);
        job.Gauge("totalNumberOfCheckpoints", () => checkpoints.StatisticsSnapshot().Counts.Total);
        foreach (var v in jobMaster.JobGraph.Vertices.Where(v => v.IsSource))
        {
            var head = v.Head;
            var coordinator = job.Registry.CreateJobManagerOperatorGroup(job, v.Id.Hex, v.OperatorIds[head.Id].Hex, head.OperatorName);
            coordinator.Gauge("numRegisteredReaders", () => jobMaster.SourceCoordinator(head.Id)?.NumRegisteredReaders ?? 0);
            coordinator.Gauge("numAssignedSplits", () => jobMaster.SourceCoordinator(head.Id)?.NumAssignedSplits ?? 0L);
        }
    }
}

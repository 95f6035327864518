using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.Checkpointing;

namespace Brook.Rest.Handlers;

/// <summary>
/// The checkpoint views of a job (Flink's CheckpointingStatisticsHandler, CheckpointConfigHandler,
/// CheckpointStatisticDetailsHandler and TaskCheckpointStatisticDetailsHandler), built from the statistics
/// snapshot of the job's checkpoint coordinator. As in Flink every streaming job has one (a job without an
/// interval shows Flink's disabled interval, Long.MAX_VALUE); only a graph archived without one (never a
/// running job) gets Flink's 404 for a job without checkpoint statistics.
/// </summary>
public static class CheckpointHandlers
{
    /// <summary>Flink's pointer for a checkpoint kept only in the JobManager's memory.</summary>
    public const string NotExternallyAddressable = "<checkpoint-not-externally-addressable>";

    /// <summary>
    /// Flink's default of state.changelog.periodic-materialize.interval (10 min): Brook has no changelog state
    /// backend, so the view shows the value Flink shows for a job that does not enable one.
    /// </summary>
    private const long DefaultChangelogMaterializationInterval = 600_000;

    private static readonly StatsSummaryDto ZeroSummary = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static CheckpointingStatistics Statistics(ExecutionGraphInfo info)
    {
        var snapshot = info.Graph.CheckpointStatistics
                       ?? throw new RestHandlerException("Checkpointing has not been enabled.", 404);
        var c = snapshot.Counts;
        var s = snapshot.Summary;
        return new CheckpointingStatistics(
            new CheckpointCounts(c.Restored, c.Total, c.InProgress, c.Completed, c.Failed),
            // Flink's handler writes alignment_buffered as zeros: buffering during alignment went away in Flink 1.11.
            new CheckpointStatisticsSummary(Summary(s.CheckpointedSize), Summary(s.StateSize), Summary(s.EndToEndDuration), ZeroSummary,
                Summary(s.ProcessedData), Summary(s.PersistedData)),
            new LatestCheckpoints(
                snapshot.LatestCompleted is { } completed ? Checkpoint(completed, includeTasks: false) : null,
                snapshot.LatestSavepoint is { } savepoint ? Checkpoint(savepoint, includeTasks: false) : null,
                snapshot.LatestFailed is { } failed ? Checkpoint(failed, includeTasks: false) : null,
                snapshot.LatestRestored is { } r ? new RestoredCheckpointStatistics(r.CheckpointId, r.RestoreTimestamp, r.IsSavepoint, r.ExternalPath ?? NotExternallyAddressable) : null),
            snapshot.History.Select(h => Checkpoint(h, includeTasks: false)).ToList());
    }

    public static CheckpointConfigInfo Config(ExecutionGraphInfo info)
    {
        var config = info.Graph.CheckpointConfiguration
                     ?? throw new RestHandlerException($"Checkpointing is not enabled for this job ({info.Graph.JobId}).", 404);
        return new CheckpointConfigInfo(
            config.Mode == CheckpointingMode.EXACTLY_ONCE ? "exactly_once" : "at_least_once",
            config.Interval is { } interval ? (long)interval.TotalMilliseconds : CheckpointCoordinatorConfiguration.DisabledCheckpointIntervalMillis,
            (long)config.Timeout.TotalMilliseconds,
            (long)config.MinPause.TotalMilliseconds,
            config.MaxConcurrentCheckpoints,
            new ExternalizedCheckpointInfo(
                config.Retention != ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS,
                config.Retention != ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION),
            // The heap keyed state backend is Flink's hashmap backend; storage as Flink names its classes.
            "HashMapStateBackend",
            config.Directory is null ? "JobManagerCheckpointStorage" : "FileSystemCheckpointStorage",
            config.UnalignedCheckpointsEnabled,
            config.TolerableFailedCheckpoints,
            (long)config.AlignedCheckpointTimeout.TotalMilliseconds,
            config.CheckpointsAfterTasksFinish,
            false,
            DefaultChangelogMaterializationInterval,
            null);
    }

    public static CheckpointStatisticsInfo Details(ExecutionGraphInfo info, long checkpointId) =>
        Checkpoint(Find(info, checkpointId), includeTasks: true);

    public static TaskCheckpointStatisticsWithSubtaskDetails TaskDetails(ExecutionGraphInfo info, long checkpointId, JobVertexId vertexId)
    {
        var checkpoint = Find(info, checkpointId);
        if (!checkpoint.SubtasksPerVertex.TryGetValue(vertexId, out var parallelism))
            throw new NotFoundException($"There is no checkpoint statistics for task {vertexId}.");
        var acknowledged = checkpoint.Subtasks.Where(s => s.Vertex == vertexId).Select(s => s.Subtask).ToList();
        var task = Task(checkpoint, vertexId, parallelism);
        var subtasks = new List<SubtaskCheckpointStatisticsInfo>(parallelism);
        var byIndex = acknowledged.ToDictionary(s => s.SubtaskIndex);
        for (var i = 0; i < parallelism; i++)
        {
            subtasks.Add(byIndex.TryGetValue(i, out var s)
                ? new SubtaskCheckpointStatisticsInfo("completed", i, "completed")
                {
                    AckTimestamp = s.AckTimestamp,
                    EndToEndDuration = EndToEnd(s, checkpoint),
                    StateSize = s.StateSize,
                    CheckpointedSize = s.StateSize,
                    Checkpoint = new CheckpointDuration(s.SyncDurationMillis, s.AsyncDurationMillis),
                    Alignment = new CheckpointAlignment(0, 0, s.PersistedData, s.AlignmentDurationMillis),
                    StartDelay = s.StartDelayMillis,
                    UnalignedCheckpoint = s.Unaligned,
                    Aborted = false,
                }
                : new SubtaskCheckpointStatisticsInfo("pending", i, "pending_or_failed"));
        }
        var sizes = acknowledged.Select(s => s.StateSize).ToList();
        var summary = new TaskCheckpointSummary(
            Summary(StatsSummarySnapshot.Of(sizes)),
            Summary(StatsSummarySnapshot.Of(sizes)),
            Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => EndToEnd(s, checkpoint)).ToList())),
            new CheckpointDurationSummary(
                Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => s.SyncDurationMillis).ToList())),
                Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => s.AsyncDurationMillis).ToList()))),
            new CheckpointAlignmentSummary(ZeroSummary,
                Summary(StatsSummarySnapshot.Of(acknowledged.Select(_ => 0L).ToList())),
                Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => s.PersistedData).ToList())),
                Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => s.AlignmentDurationMillis).ToList()))),
            Summary(StatsSummarySnapshot.Of(acknowledged.Select(s => s.StartDelayMillis).ToList())));
        return new TaskCheckpointStatisticsWithSubtaskDetails(task.Id, task.Status, task.LatestAckTimestamp, task.CheckpointedSize, task.StateSize,
            task.EndToEndDuration, 0, 0, task.PersistedData, task.NumSubtasks, task.NumAcknowledgedSubtasks, summary, subtasks);
    }

    private static CheckpointStatistics Find(ExecutionGraphInfo info, long checkpointId)
    {
        var snapshot = info.Graph.CheckpointStatistics
                       ?? throw new RestHandlerException($"Checkpointing was not enabled for job {info.Graph.JobId}.", 404);
        return snapshot.Checkpoint(checkpointId)
               ?? throw new RestHandlerException($"Could not find checkpointing statistics for checkpoint {checkpointId}.", 404);
    }

    private static CheckpointStatisticsInfo Checkpoint(CheckpointStatistics c, bool includeTasks)
    {
        var tasks = includeTasks
            ? c.SubtasksPerVertex.ToDictionary(kv => kv.Key.Hex, kv => Task(c, kv.Key, kv.Value))
            : new Dictionary<string, TaskCheckpointStatistics>();
        var body = new CheckpointStatisticsInfo(
            c.Status switch
            {
                CheckpointStatsStatus.COMPLETED => "completed",
                CheckpointStatsStatus.FAILED => "failed",
                _ => "in_progress",
            },
            c.CheckpointId, c.Status.ToString(), c.Properties.IsSavepoint, c.Properties.SavepointFormat?.ToString(), c.TriggerTimestamp, c.LatestAckTimestamp,
            c.StateSize, c.StateSize, c.EndToEndDuration, 0, 0, c.Subtasks.Sum(s => s.Subtask.PersistedData), c.NumberOfSubtasks, c.NumberOfAcknowledgedSubtasks, c.Properties.TypeName, tasks);
        return c.Status switch
        {
            CheckpointStatsStatus.COMPLETED => body with { ExternalPath = c.ExternalPath ?? NotExternallyAddressable, Discarded = c.Discarded },
            CheckpointStatsStatus.FAILED => body with { FailureTimestamp = c.FailureTimestamp, FailureMessage = c.FailureMessage },
            _ => body,
        };
    }

    private static TaskCheckpointStatistics Task(CheckpointStatistics c, JobVertexId vertexId, int parallelism)
    {
        var acknowledged = c.Subtasks.Where(s => s.Vertex == vertexId).Select(s => s.Subtask).ToList();
        var latestAck = acknowledged.Count == 0 ? -1 : acknowledged.Max(s => s.AckTimestamp);
        var size = acknowledged.Sum(s => s.StateSize);
        return new TaskCheckpointStatistics(c.CheckpointId, c.Status.ToString(), latestAck, size, size,
            latestAck < 0 ? -1 : Math.Max(0, latestAck - c.TriggerTimestamp), 0, 0, acknowledged.Sum(s => s.PersistedData), parallelism, acknowledged.Count);
    }

    private static long EndToEnd(SubtaskCheckpointStatistics s, CheckpointStatistics c) => Math.Max(0, s.AckTimestamp - c.TriggerTimestamp);

    /// <summary>Flink writes NaN percentiles when there is no value; the contract's numbers cannot hold NaN, so they are written as 0.</summary>
    private static StatsSummaryDto Summary(StatsSummarySnapshot s) =>
        new(s.Minimum, s.Maximum, s.Average, OrZero(s.P50), OrZero(s.P90), OrZero(s.P95), OrZero(s.P99), OrZero(s.P999));

    private static double OrZero(double d) => double.IsNaN(d) ? 0 : d;
}

using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/checkpoints (Flink's CheckpointingStatistics).</summary>
public sealed record CheckpointingStatistics(
    [property: JsonPropertyName("counts")] CheckpointCounts Counts,
    [property: JsonPropertyName("summary")] CheckpointStatisticsSummary Summary,
    [property: JsonPropertyName("latest")] LatestCheckpoints Latest,
    [property: JsonPropertyName("history")] IReadOnlyList<CheckpointStatisticsInfo> History);

public sealed record CheckpointCounts(
    [property: JsonPropertyName("restored")] long Restored,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("in_progress")] int InProgress,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("failed")] long Failed);

public sealed record CheckpointStatisticsSummary(
    [property: JsonPropertyName("checkpointed_size")] StatsSummaryDto CheckpointedSize,
    [property: JsonPropertyName("state_size")] StatsSummaryDto StateSize,
    [property: JsonPropertyName("end_to_end_duration")] StatsSummaryDto EndToEndDuration,
    [property: JsonPropertyName("alignment_buffered")] StatsSummaryDto AlignmentBuffered,
    [property: JsonPropertyName("processed_data")] StatsSummaryDto ProcessedData,
    [property: JsonPropertyName("persisted_data")] StatsSummaryDto PersistedData);

/// <summary>Flink's StatsSummaryDto: min, max and average as integers, percentiles as doubles.</summary>
public sealed record StatsSummaryDto(
    [property: JsonPropertyName("min")] long Min,
    [property: JsonPropertyName("max")] long Max,
    [property: JsonPropertyName("avg")] long Avg,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p90")] double P90,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("p999")] double P999);

/// <summary>The latest checkpoints of each kind; each is written as null when there is none, as Flink does.</summary>
public sealed record LatestCheckpoints(
    [property: JsonPropertyName("completed")] CheckpointStatisticsInfo? Completed,
    [property: JsonPropertyName("savepoint")] CheckpointStatisticsInfo? Savepoint,
    [property: JsonPropertyName("failed")] CheckpointStatisticsInfo? Failed,
    [property: JsonPropertyName("restored")] RestoredCheckpointStatistics? Restored);

public sealed record RestoredCheckpointStatistics(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("restore_timestamp")] long RestoreTimestamp,
    [property: JsonPropertyName("is_savepoint")] bool IsSavepoint,
    [property: JsonPropertyName("external_path")] string? ExternalPath);

/// <summary>
/// One checkpoint (Flink's CheckpointStatistics with its subtypes, discriminated by <c>className</c>:
/// <c>completed</c>, <c>failed</c>, <c>in_progress</c>). The fields of the other subtypes are left out.
/// </summary>
public sealed record CheckpointStatisticsInfo(
    [property: JsonPropertyName("className")] string ClassName,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("is_savepoint")] bool IsSavepoint,
    [property: JsonPropertyName("savepointFormat")] string? SavepointFormat,
    [property: JsonPropertyName("trigger_timestamp")] long TriggerTimestamp,
    [property: JsonPropertyName("latest_ack_timestamp")] long LatestAckTimestamp,
    [property: JsonPropertyName("checkpointed_size")] long CheckpointedSize,
    [property: JsonPropertyName("state_size")] long StateSize,
    [property: JsonPropertyName("end_to_end_duration")] long EndToEndDuration,
    [property: JsonPropertyName("alignment_buffered")] long AlignmentBuffered,
    [property: JsonPropertyName("processed_data")] long ProcessedData,
    [property: JsonPropertyName("persisted_data")] long PersistedData,
    [property: JsonPropertyName("num_subtasks")] int NumSubtasks,
    [property: JsonPropertyName("num_acknowledged_subtasks")] int NumAcknowledgedSubtasks,
    [property: JsonPropertyName("checkpoint_type")] string CheckpointType,
    [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, TaskCheckpointStatistics> Tasks)
{
    [JsonPropertyName("external_path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExternalPath { get; init; }

    [JsonPropertyName("discarded"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Discarded { get; init; }

    [JsonPropertyName("failure_timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? FailureTimestamp { get; init; }

    [JsonPropertyName("failure_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FailureMessage { get; init; }
}

/// <summary>One task's part of a checkpoint (Flink's TaskCheckpointStatistics).</summary>
public sealed record TaskCheckpointStatistics(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("latest_ack_timestamp")] long LatestAckTimestamp,
    [property: JsonPropertyName("checkpointed_size")] long CheckpointedSize,
    [property: JsonPropertyName("state_size")] long StateSize,
    [property: JsonPropertyName("end_to_end_duration")] long EndToEndDuration,
    [property: JsonPropertyName("alignment_buffered")] long AlignmentBuffered,
    [property: JsonPropertyName("processed_data")] long ProcessedData,
    [property: JsonPropertyName("persisted_data")] long PersistedData,
    [property: JsonPropertyName("num_subtasks")] int NumSubtasks,
    [property: JsonPropertyName("num_acknowledged_subtasks")] int NumAcknowledgedSubtasks);

/// <summary>GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid (Flink's TaskCheckpointStatisticsWithSubtaskDetails).</summary>
public sealed record TaskCheckpointStatisticsWithSubtaskDetails(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("latest_ack_timestamp")] long LatestAckTimestamp,
    [property: JsonPropertyName("checkpointed_size")] long CheckpointedSize,
    [property: JsonPropertyName("state_size")] long StateSize,
    [property: JsonPropertyName("end_to_end_duration")] long EndToEndDuration,
    [property: JsonPropertyName("alignment_buffered")] long AlignmentBuffered,
    [property: JsonPropertyName("processed_data")] long ProcessedData,
    [property: JsonPropertyName("persisted_data")] long PersistedData,
    [property: JsonPropertyName("num_subtasks")] int NumSubtasks,
    [property: JsonPropertyName("num_acknowledged_subtasks")] int NumAcknowledgedSubtasks,
    [property: JsonPropertyName("summary")] TaskCheckpointSummary Summary,
    [property: JsonPropertyName("subtasks")] IReadOnlyList<SubtaskCheckpointStatisticsInfo> Subtasks);

public sealed record TaskCheckpointSummary(
    [property: JsonPropertyName("checkpointed_size")] StatsSummaryDto CheckpointedSize,
    [property: JsonPropertyName("state_size")] StatsSummaryDto StateSize,
    [property: JsonPropertyName("end_to_end_duration")] StatsSummaryDto EndToEndDuration,
    [property: JsonPropertyName("checkpoint_duration")] CheckpointDurationSummary CheckpointDuration,
    [property: JsonPropertyName("alignment")] CheckpointAlignmentSummary Alignment,
    [property: JsonPropertyName("start_delay")] StatsSummaryDto StartDelay);

public sealed record CheckpointDurationSummary(
    [property: JsonPropertyName("sync")] StatsSummaryDto Sync,
    [property: JsonPropertyName("async")] StatsSummaryDto Async);

public sealed record CheckpointAlignmentSummary(
    [property: JsonPropertyName("buffered")] StatsSummaryDto Buffered,
    [property: JsonPropertyName("processed")] StatsSummaryDto Processed,
    [property: JsonPropertyName("persisted")] StatsSummaryDto Persisted,
    [property: JsonPropertyName("duration")] StatsSummaryDto Duration);

/// <summary>
/// One subtask's part (Flink's SubtaskCheckpointStatistics, <c>className</c> <c>completed</c> with its figures,
/// or <c>pending</c> with status <c>pending_or_failed</c> while it has not acknowledged).
/// </summary>
public sealed record SubtaskCheckpointStatisticsInfo(
    [property: JsonPropertyName("className")] string ClassName,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status")] string Status)
{
    [JsonPropertyName("ack_timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AckTimestamp { get; init; }

    [JsonPropertyName("end_to_end_duration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? EndToEndDuration { get; init; }

    [JsonPropertyName("state_size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StateSize { get; init; }

    [JsonPropertyName("checkpointed_size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CheckpointedSize { get; init; }

    [JsonPropertyName("checkpoint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CheckpointDuration? Checkpoint { get; init; }

    [JsonPropertyName("alignment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CheckpointAlignment? Alignment { get; init; }

    [JsonPropertyName("start_delay"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StartDelay { get; init; }

    [JsonPropertyName("unaligned_checkpoint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? UnalignedCheckpoint { get; init; }

    [JsonPropertyName("aborted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Aborted { get; init; }
}

public sealed record CheckpointDuration(
    [property: JsonPropertyName("sync")] long Sync,
    [property: JsonPropertyName("async")] long Async);

public sealed record CheckpointAlignment(
    [property: JsonPropertyName("buffered")] long Buffered,
    [property: JsonPropertyName("processed")] long Processed,
    [property: JsonPropertyName("persisted")] long Persisted,
    [property: JsonPropertyName("duration")] long Duration);

/// <summary>GET /jobs/:jobid/checkpoints/config (Flink's CheckpointConfigInfo); <c>mode</c> in lower case as Flink's serializer writes it.</summary>
public sealed record CheckpointConfigInfo(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("interval")] long Interval,
    [property: JsonPropertyName("timeout")] long Timeout,
    [property: JsonPropertyName("min_pause")] long MinPause,
    [property: JsonPropertyName("max_concurrent")] long MaxConcurrent,
    [property: JsonPropertyName("externalization")] ExternalizedCheckpointInfo Externalization,
    [property: JsonPropertyName("state_backend")] string StateBackend,
    [property: JsonPropertyName("checkpoint_storage")] string CheckpointStorage,
    [property: JsonPropertyName("unaligned_checkpoints")] bool UnalignedCheckpoints,
    [property: JsonPropertyName("tolerable_failed_checkpoints")] int TolerableFailedCheckpoints,
    [property: JsonPropertyName("aligned_checkpoint_timeout")] long AlignedCheckpointTimeout,
    [property: JsonPropertyName("checkpoints_after_tasks_finish")] bool CheckpointsAfterTasksFinish,
    [property: JsonPropertyName("state_changelog_enabled")] bool StateChangelogEnabled,
    [property: JsonPropertyName("changelog_periodic_materialization_interval")] long ChangelogPeriodicMaterializationInterval,
    [property: JsonPropertyName("changelog_storage")] string? ChangelogStorage);

public sealed record ExternalizedCheckpointInfo(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("delete_on_cancellation")] bool DeleteOnCancellation);

/// <summary>POST /jobs/:jobid/checkpoints body; both fields optional (CONFIGURED and a random trigger id by default).</summary>
public sealed record CheckpointTriggerRequestBody(
    [property: JsonPropertyName("checkpointType")] string? CheckpointType,
    [property: JsonPropertyName("triggerId")] string? TriggerId);

/// <summary>The operation of a checkpoint trigger status (Flink's CheckpointInfo, camelCase <c>failureCause</c>; unset fields left out).</summary>
public sealed record CheckpointInfo(
    [property: JsonPropertyName("checkpointId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? CheckpointId,
    [property: JsonPropertyName("failureCause"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SerializedThrowableInfo? FailureCause);

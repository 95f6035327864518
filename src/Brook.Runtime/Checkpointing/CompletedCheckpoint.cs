using Brook.Core.Ids;
using Brook.Runtime.JobGraph;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// A checkpoint every task acknowledged (Flink's CompletedCheckpoint): the state of every operator, by
/// operator id, and where it is stored (<see cref="ExternalPointer"/>: the chk-n directory, or null in the
/// JobManager's memory). <see cref="TaskRestoreFor"/> is what a new attempt of a subtask is deployed with.
/// </summary>
public sealed class CompletedCheckpoint
{
    internal CompletedCheckpoint(JobId jobId, long checkpointId, long triggerTimestamp, long completionTimestamp,
        IReadOnlyDictionary<string, OperatorState> operatorStates, string? externalPointer)
    {
        JobId = jobId;
        CheckpointId = checkpointId;
        TriggerTimestamp = triggerTimestamp;
        CompletionTimestamp = completionTimestamp;
        OperatorStates = operatorStates;
        ExternalPointer = externalPointer;
    }

    public JobId JobId { get; }

    public long CheckpointId { get; }

    public long TriggerTimestamp { get; }

    public long CompletionTimestamp { get; }

    public IReadOnlyDictionary<string, OperatorState> OperatorStates { get; }

    /// <summary>The checkpoint's directory (<c>&lt;dir&gt;/&lt;job-id&gt;/chk-&lt;n&gt;</c>); null when kept in memory.</summary>
    public string? ExternalPointer { get; }

    public long StateSize => OperatorStates.Values.Sum(o => o.StateSize);

    /// <summary>Checkpoint or savepoint (and which kind of savepoint).</summary>
    public CheckpointProperties Properties { get; init; } = CheckpointProperties.Checkpoint;

    /// <summary>The same checkpoint with every state file handle mapped by <paramref name="move"/> (its files were moved).</summary>
    internal CompletedCheckpoint WithStateFiles(Func<TaskStateHandle, TaskStateHandle> move, string? externalPointer) =>
        new(JobId, CheckpointId, TriggerTimestamp, CompletionTimestamp, OperatorStates.ToDictionary(kv => kv.Key, kv => new OperatorState(kv.Value.OperatorId,
                kv.Value.Parallelism, kv.Value.MaxParallelism, kv.Value.CoordinatorState,
                kv.Value.SubtaskStates.ToDictionary(s => s.Key, s => s.Value.StateHandle is { } h ? s.Value.InFile(move(h)) : s.Value), kv.Value.FinishedSubtasks),
            StringComparer.Ordinal), externalPointer)
        {
            Properties = Properties,
        };

    /// <summary>
    /// The state subtask <paramref name="subtaskIndex"/> of <paramref name="vertex"/> restores, at the vertex's
    /// parallelism whatever the checkpoint's was (<see cref="StateAssignmentOperation"/>); null when the checkpoint
    /// holds nothing for the vertex's operators.
    /// </summary>
    public JobManagerTaskRestore? TaskRestoreFor(JobVertex vertex, int subtaskIndex) =>
        StateAssignmentOperation.TaskRestoreFor(this, vertex, subtaskIndex);
}

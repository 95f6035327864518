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

    /// <summary>
    /// The state subtask <paramref name="subtaskIndex"/> of <paramref name="vertex"/> restores (Flink's
    /// StateAssignmentOperation); null when the checkpoint holds nothing for the vertex's operators. Keyed state
    /// goes to every subtask (each backend keeps its own key groups); source splits of previous subtask i go to
    /// subtask i mod parallelism.
    /// </summary>
    public JobManagerTaskRestore? TaskRestoreFor(JobVertex vertex, int subtaskIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtaskIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtaskIndex, vertex.Parallelism);
        var operators = new Dictionary<string, OperatorRestoreState>(StringComparer.Ordinal);
        var allFinished = true;
        var any = false;
        foreach (var operatorId in vertex.OperatorIdsInChainOrder)
        {
            if (!OperatorStates.TryGetValue(operatorId.Hex, out var state))
            {
                allFinished = false;
                continue;
            }
            any = true;
            if (state.MaxParallelism != vertex.MaxParallelism && state.SubtaskStates.Values.Any(s => s.KeyedState is not null))
                throw new InvalidOperationException(
                    $"Checkpoint {CheckpointId} holds keyed state of operator {operatorId} at max parallelism {state.MaxParallelism}, but the job now has {vertex.MaxParallelism}.");
            allFinished &= state.Parallelism == vertex.Parallelism ? state.FinishedSubtasks.Contains(subtaskIndex) : state.IsFullyFinished;
            var ordered = Enumerable.Range(0, state.Parallelism).Select(i => state.SubtaskStates.GetValueOrDefault(i)).ToList();
            operators[operatorId.Hex] = new OperatorRestoreState(
                ordered.Where(s => s?.KeyedState is not null).Select(s => s!.KeyedState!).ToList(),
                ordered.Select(s => s?.OperatorState ?? State.OperatorStateSnapshotFormat.Write([])).ToList(),
                ordered.Select((s, i) => (Splits: s?.SourceSplits, Old: i))
                    .Where(x => x.Splits is not null && x.Old % vertex.Parallelism == subtaskIndex)
                    .SelectMany(x => x.Splits!).ToList());
        }
        return any ? new JobManagerTaskRestore(CheckpointId, operators, allFinished) : null;
    }
}

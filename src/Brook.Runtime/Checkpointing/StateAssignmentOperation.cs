using Brook.Core.Hashing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.State;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Assigns a completed checkpoint's state to the subtasks of a job that may run at another parallelism (Flink's
/// StateAssignmentOperation). Keyed state moves by key group: a new subtask gets the snapshots of exactly the previous
/// subtasks whose key-group range overlaps its own (its backend keeps only its key groups, timers and window contents
/// included). Operator state goes to every subtask whole and is cut there by <see cref="RoundRobinOperatorStateRepartitioner"/>.
/// Source reader splits are split-distributed as Flink's reader state is: contiguous parts, round robin, so a split
/// whose reader is gone is resumed by another reader and none is read twice.
/// </summary>
internal static class StateAssignmentOperation
{
    /// <summary>
    /// Refuses a checkpoint the job cannot restore at its parallelism (Flink's checkParallelismPreconditions): a vertex
    /// running above the max parallelism its state was taken with, or keyed state taken with another max parallelism.
    /// </summary>
    public static void CheckParallelismPreconditions(CompletedCheckpoint checkpoint, JobGraph.JobGraph jobGraph)
    {
        foreach (var vertex in jobGraph.Vertices)
        {
            foreach (var operatorId in vertex.OperatorIdsInChainOrder)
            {
                if (checkpoint.OperatorStates.TryGetValue(operatorId.Hex, out var state)) CheckParallelismPreconditions(state, vertex);
            }
        }
    }

    private static void CheckParallelismPreconditions(OperatorState state, JobVertex vertex)
    {
        if (state.MaxParallelism < vertex.Parallelism)
            throw new InvalidOperationException(
                $"The state for task {vertex.Id} can not be restored. The maximum parallelism ({state.MaxParallelism}) of the restored state is lower than " +
                $"the configured parallelism ({vertex.Parallelism}). Please reduce the parallelism of the task to be lower or equal to the maximum parallelism.");
        if (state.MaxParallelism != vertex.MaxParallelism && state.SubtaskStates.Values.Any(s => s.HasKeyedState))
            throw new InvalidOperationException(
                $"The maximum parallelism ({state.MaxParallelism}) with which the latest checkpoint of the execution job vertex {vertex.Name} ({vertex.Id}) has been taken " +
                $"and the current maximum parallelism ({vertex.MaxParallelism}) changed. This is currently not supported.");
    }

    /// <summary>
    /// The state subtask <paramref name="subtaskIndex"/> of <paramref name="vertex"/> restores; null when the checkpoint
    /// holds nothing for the vertex's operators.
    /// </summary>
    public static JobManagerTaskRestore? TaskRestoreFor(CompletedCheckpoint checkpoint, JobVertex vertex, int subtaskIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtaskIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtaskIndex, vertex.Parallelism);
        var operators = new Dictionary<string, OperatorRestoreState>(StringComparer.Ordinal);
        var reader = new TaskStateFileReader();
        var allFinished = true;
        var any = false;
        foreach (var operatorId in vertex.OperatorIdsInChainOrder)
        {
            if (!checkpoint.OperatorStates.TryGetValue(operatorId.Hex, out var state))
            {
                allFinished = false;
                continue;
            }
            any = true;
            CheckParallelismPreconditions(state, vertex);
            allFinished &= state.Parallelism == vertex.Parallelism ? state.FinishedSubtasks.Contains(subtaskIndex) : state.IsFullyFinished;
            var ordered = Enumerable.Range(0, state.Parallelism).Select(i => state.SubtaskStates.GetValueOrDefault(i)).ToList();
            operators[operatorId.Hex] = new OperatorRestoreState(operatorId.Hex,
                KeyedStatesFor(state, ordered, vertex, subtaskIndex),
                [.. ordered.Select(s => s is { HasOperatorState: true } ? Part(s, s.OperatorState) : StatePart.Of(OperatorStateSnapshotFormat.Write([])))],
                SourceSplitsFor(ordered, vertex.Parallelism, subtaskIndex),
                InputChannelStateFor(ordered, vertex, subtaskIndex),
                reader);
        }
        return any ? new JobManagerTaskRestore(checkpoint.CheckpointId, operators, allFinished) : null;
    }

    /// <summary>A previous subtask's state part: its bytes when held in memory, else its state file.</summary>
    private static StatePart Part(OperatorSubtaskState state, byte[]? bytes) => state.StateHandle is { } file ? new StatePart(null, file) : StatePart.Of(bytes!);

    /// <summary>The keyed snapshots of the previous subtasks whose key groups overlap the new subtask's.</summary>
    private static List<StatePart> KeyedStatesFor(OperatorState state, List<OperatorSubtaskState?> ordered, JobVertex vertex, int subtaskIndex)
    {
        var range = KeyGroupRangeAssignment.RangeForOperatorIndex(vertex.MaxParallelism, vertex.Parallelism, subtaskIndex);
        var result = new List<StatePart>();
        for (var old = 0; old < ordered.Count; old++)
        {
            if (ordered[old] is not { HasKeyedState: true } s) continue;
            var oldRange = KeyGroupRangeAssignment.RangeForOperatorIndex(state.MaxParallelism, state.Parallelism, old);
            if (oldRange.Intersect(range).NumberOfKeyGroups > 0) result.Add(Part(s, s.KeyedState));
        }
        return result;
    }

    /// <summary>
    /// The in-flight records of an unaligned checkpoint this subtask replays: its own at the same parallelism; at another,
    /// a record of a keyed input goes to the subtask owning its key group, any other to the previous subtask's index
    /// modulo the parallelism (each record is replayed exactly once, by one subtask).
    /// </summary>
    private static List<ChannelStatePart> InputChannelStateFor(List<OperatorSubtaskState?> ordered, JobVertex vertex, int subtaskIndex)
    {
        var result = new List<ChannelStatePart>();
        var same = ordered.Count == vertex.Parallelism;
        for (var old = 0; old < ordered.Count; old++)
        {
            if (same && old != subtaskIndex) continue;
            if (ordered[old] is not { HasInputChannelState: true } s) continue;
            var selection = same ? null : new ChannelStateSelection(old, vertex.MaxParallelism, vertex.Parallelism, subtaskIndex);
            if (s.StateHandle is { } file) result.Add(new ChannelStatePart(null, file, selection));
            else
            {
                var part = new ChannelStatePart(s.InputChannelState, null, selection);
                var entries = part.Select(s.InputChannelState!).ToList();
                if (entries.Count > 0) result.Add(new ChannelStatePart(entries, null, null));
            }
        }
        return result;
    }

    private static List<byte[]> SourceSplitsFor(List<OperatorSubtaskState?> ordered, int parallelism, int subtaskIndex)
    {
        var previous = ordered.Select(s => s?.SourceSplits ?? []).ToList();
        if (previous.Count == parallelism) return [.. previous[subtaskIndex]];
        var start = 0;
        return [.. RoundRobinOperatorStateRepartitioner.SplitRoundRobin(previous, parallelism, ref start)[subtaskIndex]];
    }
}

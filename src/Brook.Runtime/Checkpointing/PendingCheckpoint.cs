using Brook.Runtime.Tasks;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// A checkpoint that was triggered and waits for the acknowledgements of its tasks (Flink's PendingCheckpoint).
/// Mutated only under the coordinator's lock.
/// </summary>
internal sealed class PendingCheckpoint
{
    private readonly Dictionary<ExecutionAttemptId, PlannedTask> _notYetAcknowledged;
    private readonly Dictionary<ExecutionAttemptId, (PlannedTask Task, TaskStateSnapshot State, string? File)> _acknowledged = new();

    public PendingCheckpoint(long checkpointId, long triggerTimestamp, CheckpointPlan plan, string? externalPointer)
    {
        CheckpointId = checkpointId;
        TriggerTimestamp = triggerTimestamp;
        Plan = plan;
        ExternalPointer = externalPointer;
        _notYetAcknowledged = plan.TasksToWaitFor.ToDictionary(t => t.AttemptId);
        foreach (var t in plan.FinishedTasks)
        {
            _acknowledged[t.AttemptId] = (t, TaskStateSnapshot.Finished, null);
            FinishedWithoutBarrier.Add(t.AttemptId);
        }
    }

    public long CheckpointId { get; }

    public long TriggerTimestamp { get; }

    public CheckpointPlan Plan { get; }

    public string? ExternalPointer { get; }

    public ITimer? Timeout { get; set; }

    public CheckpointProperties Properties { get; init; } = CheckpointProperties.Checkpoint;

    /// <summary>The tasks the checkpoint was started at (sources, tasks whose inputs had finished, and those triggered later when their inputs finished).</summary>
    public HashSet<ExecutionAttemptId> Triggered { get; } = [];

    /// <summary>Tasks that finished before taking part (in the plan, or reported finished while the checkpoint was pending).</summary>
    public HashSet<ExecutionAttemptId> FinishedWithoutBarrier { get; } = [];

    /// <summary>Completed when the checkpoint completes; faulted when it is aborted (what manual triggers await).</summary>
    public TaskCompletionSource<CompletedCheckpoint> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Dictionary<Core.Ids.JobVertexId, byte[]?> CoordinatorStates { get; } = new();

    public List<SubtaskCheckpointStatistics> SubtaskStatistics { get; } = [];

    public Dictionary<SubtaskCheckpointStatistics, Core.Ids.JobVertexId> StatisticsVertex { get; } = new(ReferenceEqualityComparer.Instance);

    public bool IsFullyAcknowledged => _notYetAcknowledged.Count == 0;

    public int NumberOfAcknowledged => _acknowledged.Count;

    public int NumberOfTasks => _acknowledged.Count + _notYetAcknowledged.Count;

    public bool IsWaitingFor(ExecutionAttemptId attemptId) => _notYetAcknowledged.ContainsKey(attemptId);

    /// <summary>
    /// Running tasks no barrier of this checkpoint can reach any more: every task of every upstream vertex finished
    /// without sending one. They are started directly, as the plan starts tasks whose inputs all finished.
    /// </summary>
    public List<PlannedTask> TasksWithAllInputsFinished()
    {
        var result = new List<PlannedTask>();
        foreach (var t in _notYetAcknowledged.Values)
        {
            if (Triggered.Contains(t.AttemptId) || t.Vertex.Inputs.Count == 0) continue;
            var upstream = t.Vertex.Inputs.Select(i => i.Source).ToHashSet();
            var all = Plan.TasksToWaitFor.Concat(Plan.FinishedTasks).Where(u => upstream.Contains(u.Vertex)).ToList();
            if (all.Count > 0 && all.All(u => FinishedWithoutBarrier.Contains(u.AttemptId))) result.Add(t);
        }
        return result;
    }

    /// <summary>Records a task's acknowledgement; false if the task is not (or no longer) awaited.</summary>
    public bool Acknowledge(ExecutionAttemptId attemptId, TaskStateSnapshot state, string? file, SubtaskCheckpointStatistics? statistics)
    {
        if (!_notYetAcknowledged.Remove(attemptId, out var task)) return false;
        _acknowledged[attemptId] = (task, state, file);
        if (statistics is not null)
        {
            SubtaskStatistics.Add(statistics);
            StatisticsVertex[statistics] = task.Vertex.Id;
        }
        return true;
    }

    /// <summary>Builds the completed checkpoint: every operator of every vertex, by operator id.</summary>
    public (CompletedCheckpoint Checkpoint, List<CheckpointMetadataFormat.TaskFile> Files) Finalize(Core.Ids.JobId jobId, long completionTimestamp)
    {
        var subtaskStates = new Dictionary<string, Dictionary<int, OperatorSubtaskState>>(StringComparer.Ordinal);
        var finished = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var vertices = new Dictionary<string, Runtime.JobGraph.JobVertex>(StringComparer.Ordinal);
        var files = new List<CheckpointMetadataFormat.TaskFile>();
        foreach (var (task, state, file) in _acknowledged.Values)
        {
            foreach (var operatorId in task.Vertex.OperatorIdsInChainOrder)
            {
                var id = operatorId.Hex;
                vertices[id] = task.Vertex;
                if (!subtaskStates.TryGetValue(id, out var states)) subtaskStates[id] = states = new Dictionary<int, OperatorSubtaskState>();
                if (!finished.TryGetValue(id, out var done)) finished[id] = done = [];
                if (state.IsTaskFinished) done.Add(task.SubtaskIndex);
                // A finished task's state is kept too: its sink's last committables may still be uncommitted at a failure.
                if (state.Operators.TryGetValue(id, out var op) && !op.IsEmpty) states[task.SubtaskIndex] = op;
            }
            if (file is not null) files.Add(new CheckpointMetadataFormat.TaskFile(file, task.SubtaskIndex));
        }
        var operators = subtaskStates.ToDictionary(kv => kv.Key, kv =>
        {
            var vertex = vertices[kv.Key];
            var coordinator = vertex.OperatorIdsInChainOrder.First().Hex == kv.Key ? CoordinatorStates.GetValueOrDefault(vertex.Id) : null;
            return new OperatorState(kv.Key, vertex.Parallelism, vertex.MaxParallelism, coordinator, kv.Value, finished[kv.Key]);
        }, StringComparer.Ordinal);
        return (new CompletedCheckpoint(jobId, CheckpointId, TriggerTimestamp, completionTimestamp, operators, ExternalPointer) { Properties = Properties }, files);
    }
}

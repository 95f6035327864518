using System.Diagnostics;
using Brook.Core.Ids;
using Brook.Runtime.Network;
using Brook.Runtime.Tasks;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Takes one task's part of a checkpoint (Flink's SubtaskCheckpointCoordinatorImpl). The synchronous part runs on
/// the task thread between records: the barrier goes to every output, then each operator (head to tail) lets its
/// user functions write field data into state, and its keyed state with timers and windows, its operator state and a
/// source's reader splits are serialized. The asynchronous part writes the state to checkpoint storage off the task
/// thread and acknowledges; any failure declines the checkpoint. Both parts are timed.
/// </summary>
internal sealed class SubtaskCheckpointCoordinator(
    TaskCheckpointingSettings settings,
    ExecutionAttemptId attemptId,
    JobVertexId vertexId,
    int subtaskIndex,
    IReadOnlyList<(string OperatorId, IStreamOperator Operator, OperatorStateTracker? State)> operators,
    IReadOnlyList<IRecordWriter> writers,
    TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<Task> _asyncParts = [];

    /// <param name="operatorsFinished">
    /// The task's operators finished and its outputs ended (it waits for its final checkpoint): no barrier goes out,
    /// and the snapshot is marked finished, so a restore from it does not run the operators again.
    /// </param>
    /// <param name="inFlight">
    /// For an unaligned checkpoint: the records still in flight before the barriers, collected after the snapshot; the
    /// asynchronous part waits for them and writes them with the head operator's state.
    /// </param>
    public void PerformCheckpoint(CheckpointBarrier barrier, long alignmentMillis, long startDelayMillis, bool operatorsFinished = false,
        ChannelStateWriter? inFlight = null)
    {
        var syncStart = Stopwatch.GetTimestamp();
        if (!operatorsFinished)
        {
            foreach (var w in writers) w.BroadcastBarrier(barrier);
        }
        TaskStateSnapshot snapshot;
        try
        {
            var context = new StateSnapshotContext(barrier.Id, barrier.Timestamp);
            var states = new Dictionary<string, OperatorSubtaskState>(StringComparer.Ordinal);
            foreach (var (id, op, tracker) in operators)
            {
                op.SnapshotState(context);
                var keyed = tracker?.KeyedBackend?.Snapshot();
                var operatorState = tracker?.OperatorBackend?.Snapshot();
                var splits = op is ISourceOperator source ? source.SnapshotSplits(barrier.Id) : null;
                var state = new OperatorSubtaskState(keyed, operatorState, splits);
                if (!state.IsEmpty) states[id] = state;
            }
            snapshot = new TaskStateSnapshot(states, isTaskFinished: operatorsFinished);
        }
        catch (Exception e)
        {
            settings.Responder.DeclineCheckpoint(attemptId, barrier.Id, e);
            return;
        }
        var syncMillis = (long)Stopwatch.GetElapsedTime(syncStart).TotalMilliseconds;
        var asyncPart = Task.Run(async () =>
        {
            var asyncStart = Stopwatch.GetTimestamp();
            if (inFlight is not null)
            {
                try
                {
                    snapshot = WithChannelState(snapshot, await inFlight.Completion.ConfigureAwait(false));
                }
                catch (Exception e)
                {
                    settings.Responder.DeclineCheckpoint(attemptId, barrier.Id, e);
                    return;
                }
            }
            try
            {
                var file = settings.Storage.PersistTaskState(barrier.Id, vertexId, subtaskIndex, snapshot);
                var asyncMillis = (long)Stopwatch.GetElapsedTime(asyncStart).TotalMilliseconds;
                var persisted = snapshot.Operators.Values.Sum(o => o.PersistedDataSize);
                settings.Responder.AcknowledgeCheckpoint(attemptId, barrier.Id, new SubtaskCheckpointStatistics(subtaskIndex,
                    time.GetUtcNow().ToUnixTimeMilliseconds(), snapshot.StateSize, syncMillis, asyncMillis, alignmentMillis, startDelayMillis)
                {
                    Unaligned = inFlight is not null,
                    PersistedData = persisted,
                }, snapshot, file);
            }
            catch (Exception e)
            {
                settings.Responder.DeclineCheckpoint(attemptId, barrier.Id, new IOException($"Writing the state of checkpoint {barrier.Id} failed: {e.Message}", e));
            }
        });
        lock (_lock)
        {
            _asyncParts.RemoveAll(t => t.IsCompleted);
            _asyncParts.Add(asyncPart);
        }
    }

    /// <summary>The snapshot with the in-flight records kept with the head operator (the one the records go into on restore).</summary>
    private TaskStateSnapshot WithChannelState(TaskStateSnapshot snapshot, IReadOnlyList<InputChannelStateEntry> entries)
    {
        if (entries.Count == 0) return snapshot;
        var head = operators[0].OperatorId;
        var states = new Dictionary<string, OperatorSubtaskState>(snapshot.Operators, StringComparer.Ordinal);
        var s = states.GetValueOrDefault(head);
        states[head] = new OperatorSubtaskState(s?.KeyedState, s?.OperatorState, s?.SourceSplits, entries);
        return new TaskStateSnapshot(states, snapshot.IsTaskFinished);
    }

    /// <summary>Waits for the asynchronous parts in flight, so a task reports FINISHED only after its last acknowledgement.</summary>
    public void WaitForAsyncParts()
    {
        Task[] parts;
        lock (_lock) parts = _asyncParts.ToArray();
        try
        {
            Task.WaitAll(parts);
        }
        catch (AggregateException)
        {
            // Each part declines its own checkpoint on failure.
        }
    }

    public void NotifyCheckpointComplete(long checkpointId)
    {
        foreach (var (_, op, _) in operators) op.NotifyCheckpointComplete(checkpointId);
    }

    public void NotifyCheckpointAborted(long checkpointId)
    {
        foreach (var (_, op, _) in operators) op.NotifyCheckpointAborted(checkpointId);
    }
}

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
    public void PerformCheckpoint(CheckpointBarrier barrier, long alignmentMillis, long startDelayMillis, bool operatorsFinished = false)
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
        var asyncPart = Task.Run(() =>
        {
            var asyncStart = Stopwatch.GetTimestamp();
            try
            {
                var file = settings.Storage.PersistTaskState(barrier.Id, vertexId, subtaskIndex, snapshot);
                var asyncMillis = (long)Stopwatch.GetElapsedTime(asyncStart).TotalMilliseconds;
                settings.Responder.AcknowledgeCheckpoint(attemptId, barrier.Id, new SubtaskCheckpointStatistics(subtaskIndex,
                    time.GetUtcNow().ToUnixTimeMilliseconds(), snapshot.StateSize, syncMillis, asyncMillis, alignmentMillis, startDelayMillis), snapshot, file);
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

using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.ResourceManager;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>
/// One attempt to run one subtask (Flink's Execution). Every state change is timestamped (epoch ms).
/// Mutated only under its JobMaster's lock.
/// </summary>
internal sealed class Execution(ExecutionVertex vertex, int attemptNumber, long createdAt)
{
    private readonly Dictionary<ExecutionState, long> _timestamps = new() { [ExecutionState.CREATED] = createdAt };

    public ExecutionVertex Vertex { get; } = vertex;

    public ExecutionAttemptId AttemptId { get; } = ExecutionAttemptId.Generate();

    public int AttemptNumber { get; } = attemptNumber;

    public ExecutionState State { get; private set; } = ExecutionState.CREATED;

    public IReadOnlyDictionary<ExecutionState, long> StateTimestamps => _timestamps;

    public SlotId? Slot { get; set; }

    public ITaskExecutorGateway? TaskManager { get; set; }

    public Exception? Failure { get; set; }

    public long FailureTimestamp { get; set; }

    public TaskMetricsSnapshot? FinalMetrics { get; set; }

    public IReadOnlyDictionary<string, IAccumulator>? FinalAccumulators { get; set; }

    public bool IsTerminal => State.IsTerminal();

    /// <summary>Moves to <paramref name="state"/> unless already terminal; false if it did not move.</summary>
    public bool TransitionTo(ExecutionState state, long now)
    {
        if (IsTerminal || State == state) return false;
        // A task still starting up reports INITIALIZING/RUNNING after it was asked to cancel; it stays CANCELING.
        if (State == ExecutionState.CANCELING && !state.IsTerminal()) return false;
        State = state;
        _timestamps[state] = now;
        return true;
    }
}

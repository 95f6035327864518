using Brook.Runtime.OperatorEvents;

namespace Brook.Runtime.Tasks;

/// <summary>The JobMaster-side holder of one source's split enumerator.</summary>
internal interface ISourceCoordinator : ISplitEnumeratorGateway, IDisposable
{
    void Start();

    /// <summary>
    /// Snapshots the enumerator for checkpoint <paramref name="checkpointId"/> and, in the same step (under the
    /// coordinator's lock, so no split assignment slips in between), hands the state to <paramref name="triggerReaders"/>,
    /// which keeps it and then starts the checkpoint at the readers.
    /// </summary>
    void SnapshotAndTrigger(long checkpointId, Action<byte[]> triggerReaders);

    /// <summary>Readers that registered with the enumerator.</summary>
    int NumRegisteredReaders { get; }

    /// <summary>Splits the enumerator assigned to readers.</summary>
    long NumAssignedSplits { get; }

    /// <summary>
    /// Attempt <paramref name="attemptNumber"/> of <paramref name="subtask"/> is being deployed to a TaskManager process,
    /// reachable through <paramref name="gateway"/> (Flink's OperatorCoordinator.executionAttemptReady): from now on only
    /// its operator events count. Call before submitting the task, so its registration is not taken for a stale one.
    /// </summary>
    void SubtaskReady(int subtask, int attemptNumber, ISubtaskGateway gateway);

    /// <summary>
    /// An operator event (<see cref="OperatorEventSerializer"/> bytes) from a reader in a TaskManager process (Flink's
    /// OperatorCoordinator.handleEventFromOperator). Returns false if it came from an attempt that is not the subtask's
    /// current one (dropped). Malformed bytes throw <see cref="InvalidDataException"/> naming the subtask, and change nothing.
    /// </summary>
    bool HandleEventFromOperator(int subtask, int attemptNumber, byte[] operatorEvent);
}

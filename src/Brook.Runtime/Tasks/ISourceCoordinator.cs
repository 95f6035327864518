using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>The JobMaster-side holder of one source's split enumerator.</summary>
internal interface ISourceCoordinator : IDisposable
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
}

using Brook.Runtime.Checkpointing;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>
/// Runs a source's split enumerator for the JobMaster (Flink's SourceCoordinator) and relays between it
/// and the readers: split requests and registrations come in from tasks; assignments go out through each
/// reader's mailbox. All enumerator calls happen under one lock, so the enumerator is single-threaded.
/// </summary>
internal sealed class SourceCoordinator<T, TSplit> : ISourceCoordinator, ISplitEnumeratorContext<TSplit>
    where TSplit : ISourceSplit
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, ISourceReaderGateway<TSplit>> _readers = new();
    private readonly ISplitEnumerator<TSplit> _enumerator;

    public SourceCoordinator(ISource<T, TSplit> source, int parallelism, byte[]? restoredState = null)
    {
        CurrentParallelism = parallelism;
        _enumerator = restoredState is null ? source.CreateEnumerator(this) : source.RestoreEnumerator(this, SourceSplitSerializer<TSplit>.ReadEnumeratorState(restoredState));
    }

    public void SnapshotAndTrigger(long checkpointId, Action<byte[]> triggerReaders)
    {
        lock (_lock) triggerReaders(SourceSplitSerializer<TSplit>.WriteEnumeratorState(_enumerator.SnapshotState(checkpointId)));
    }

    public int CurrentParallelism { get; }

    public IReadOnlyCollection<int> RegisteredReaders
    {
        get
        {
            lock (_lock) return _readers.Keys.ToList();
        }
    }

    public void Start()
    {
        lock (_lock) _enumerator.Start();
    }

    public void RegisterReader(int subtask, ISourceReaderGateway<TSplit> reader)
    {
        lock (_lock)
        {
            _readers[subtask] = reader;
            _enumerator.AddReader(subtask);
        }
    }

    public void HandleSplitRequest(int subtask)
    {
        lock (_lock) _enumerator.HandleSplitRequest(subtask);
    }

    public void AssignSplit(TSplit split, int subtaskId)
    {
        Reader(subtaskId).AddSplits([split]);
        Interlocked.Increment(ref _assignedSplits);
    }

    private long _assignedSplits;

    public long NumAssignedSplits => Interlocked.Read(ref _assignedSplits);

    public int NumRegisteredReaders
    {
        get
        {
            lock (_lock) return _readers.Count;
        }
    }

    public void SignalNoMoreSplits(int subtaskId) => Reader(subtaskId).NoMoreSplits();

    private ISourceReaderGateway<TSplit> Reader(int subtask) =>
        _readers.TryGetValue(subtask, out var r) ? r : throw new InvalidOperationException($"No source reader is registered for subtask {subtask}.");

    public void Dispose()
    {
        lock (_lock) _enumerator.Dispose();
    }
}

using Brook.Runtime.Checkpointing;
using Brook.Runtime.OperatorEvents;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>
/// Runs a source's split enumerator for the JobMaster (Flink's SourceCoordinator) and relays between it
/// and the readers: split requests and registrations come in from tasks (in process through
/// <see cref="ISplitEnumeratorGateway{TSplit}"/>, from TaskManager processes as operator events); assignments go out
/// through each reader's gateway. All enumerator calls happen under one lock, so the enumerator is single-threaded.
/// </summary>
internal sealed class SourceCoordinator<T, TSplit> : ISourceCoordinator, ISplitEnumeratorContext<TSplit>, ISplitEnumeratorGateway<TSplit>
    where TSplit : ISourceSplit
{
    /// <summary>How long a checkpoint waits, by default, for assignments sent before its enumerator snapshot to reach remote readers.</summary>
    public static readonly TimeSpan DefaultEventDeliveryTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, ISourceReaderGateway<TSplit>> _readers = new();
    private readonly Dictionary<int, RemoteSourceReaderGateway<TSplit>> _remoteAttempts = new();
    private readonly ISplitEnumerator<TSplit> _enumerator;
    private readonly string _sourceName;
    private readonly TimeSpan _eventDeliveryTimeout;

    public SourceCoordinator(ISource<T, TSplit> source, int parallelism, byte[]? restoredState = null, TimeSpan? eventDeliveryTimeout = null)
    {
        _eventDeliveryTimeout = eventDeliveryTimeout ?? DefaultEventDeliveryTimeout;
        CurrentParallelism = parallelism;
        _sourceName = source.GetType().Name;
        _enumerator = restoredState is null ? source.CreateEnumerator(this) : source.RestoreEnumerator(this, SourceSplitSerializer<TSplit>.ReadEnumeratorState(restoredState));
    }

    public void SnapshotAndTrigger(long checkpointId, Action<byte[]> triggerReaders)
    {
        lock (_lock)
        {
            var state = SourceSplitSerializer<TSplit>.WriteEnumeratorState(_enumerator.SnapshotState(checkpointId));
            // A split assigned before the snapshot is in no enumerator state: it must be in its remote reader's mailbox
            // before the barrier is, or the checkpoint would hold it nowhere. (In process the mailbox orders them.)
            foreach (var remote in _remoteAttempts.Values) remote.WaitUntilDelivered(_eventDeliveryTimeout);
            triggerReaders(state);
        }
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

    public void SubtaskReady(int subtask, int attemptNumber, ISubtaskGateway gateway)
    {
        if (subtask < 0 || subtask >= CurrentParallelism) throw new ArgumentOutOfRangeException(nameof(subtask), subtask, $"The source has {CurrentParallelism} subtasks.");
        lock (_lock)
        {
            _remoteAttempts[subtask] = new RemoteSourceReaderGateway<TSplit>(subtask, attemptNumber, gateway);
            // The previous attempt's reader is gone; the new one registers itself.
            _readers.Remove(subtask);
        }
    }

    public bool HandleEventFromOperator(int subtask, int attemptNumber, byte[] operatorEvent)
    {
        if (subtask < 0 || subtask >= CurrentParallelism)
            throw new InvalidDataException($"An operator event for source {_sourceName} came from subtask {subtask}; the source has {CurrentParallelism} subtasks.");
        OperatorEvent e;
        try
        {
            e = OperatorEventSerializer.Read(operatorEvent);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The operator event from subtask {subtask} (attempt {attemptNumber}) of source {_sourceName} is malformed: {ex.Message}", ex);
        }
        if (e.Subtask != subtask || e.Attempt != attemptNumber)
            throw new InvalidDataException(
                $"An operator event from subtask {subtask} (attempt {attemptNumber}) of source {_sourceName} names subtask {e.Subtask} (attempt {e.Attempt}).");
        lock (_lock)
        {
            // As Flink's SubtaskGateway: an event of an attempt that is not the current one is dropped.
            if (!_remoteAttempts.TryGetValue(subtask, out var current) || current.AttemptNumber != attemptNumber) return false;
            switch (e.Kind)
            {
                case OperatorEventKind.ReaderRegistration:
                    _readers[subtask] = current;
                    _enumerator.AddReader(subtask);
                    return true;
                case OperatorEventKind.RequestSplit:
                    if (!_readers.TryGetValue(subtask, out var reader) || !ReferenceEquals(reader, current))
                        throw new InvalidDataException($"Subtask {subtask} (attempt {attemptNumber}) of source {_sourceName} asked for a split before its reader registered.");
                    _enumerator.HandleSplitRequest(subtask);
                    return true;
                default:
                    throw new InvalidDataException($"A {e.Kind} operator event goes from the enumerator to readers, but subtask {subtask} of source {_sourceName} sent one.");
            }
        }
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

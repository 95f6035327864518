using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Tasks;
using Brook.Streaming.Graph;
using Brook.Streaming.Sources;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// TaskManager side: a reader's gateway to its split enumerator on the JobManager. Registration and split requests
/// become operator events sent through <see cref="IOperatorEventSender"/>; events coming back are applied to the
/// registered reader (its operator puts them into the task's mailbox, as in process).
/// </summary>
internal sealed class RemoteSplitEnumeratorGateway<TSplit>(OperatorId operatorId, int subtask, int attemptNumber, IOperatorEventSender sender)
    : ISplitEnumeratorGateway<TSplit>, IRemoteSplitEnumeratorGateway
    where TSplit : ISourceSplit
{
    private volatile ISourceReaderGateway<TSplit>? _reader;

    public OperatorId OperatorId => operatorId;

    public void RegisterReader(int subtaskIndex, ISourceReaderGateway<TSplit> reader)
    {
        if (subtaskIndex != subtask) throw new ArgumentException($"This gateway serves source subtask {subtask}, not {subtaskIndex}.", nameof(subtaskIndex));
        _reader = reader;
        Send(OperatorEventKind.ReaderRegistration);
    }

    public void HandleSplitRequest(int subtaskIndex) => Send(OperatorEventKind.RequestSplit);

    private void Send(OperatorEventKind kind)
    {
        Task sent;
        try
        {
            sent = sender.SendToCoordinator(operatorId, subtask, attemptNumber, OperatorEventSerializer.Write(new OperatorEvent(kind, subtask, attemptNumber)));
        }
        catch (Exception ex)
        {
            sent = Task.FromException(ex);
        }
        // A lost registration or request would leave the reader waiting for splits forever: fail its task instead.
        sent.ContinueWith(t => _reader?.Fail(new IOException(
                $"The {kind} operator event of source subtask {subtask} (attempt {attemptNumber}) did not reach the split enumerator: {t.Exception!.InnerException!.Message}",
                t.Exception.InnerException)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public bool HandleOperatorEvent(byte[] operatorEvent)
    {
        var reader = _reader ?? throw Failed(new InvalidOperationException(
            $"An operator event reached source subtask {subtask} (attempt {attemptNumber}) before its reader registered."));
        OperatorEvent e;
        IReadOnlyList<TSplit> splits;
        try
        {
            e = OperatorEventSerializer.Read(operatorEvent);
            splits = e.Splits.Select(SourceSplitSerializer<TSplit>.Read).ToList();
        }
        catch (InvalidDataException ex)
        {
            throw Failed(new InvalidDataException($"An operator event for source subtask {subtask} (attempt {attemptNumber}) is malformed: {ex.Message}", ex));
        }
        if (e.Subtask != subtask || e.Attempt != attemptNumber) return false;
        switch (e.Kind)
        {
            case OperatorEventKind.AddSplits:
                reader.AddSplits(splits);
                return true;
            case OperatorEventKind.NoMoreSplits:
                reader.NoMoreSplits();
                return true;
            default:
                throw Failed(new InvalidDataException($"A {e.Kind} operator event goes from a reader to its enumerator, but it reached source subtask {subtask}."));
        }
    }

    private Exception Failed(Exception cause)
    {
        _reader?.Fail(cause);
        return cause;
    }
}

/// <summary>Builds the reader-side gateways of a task that runs in a TaskManager process.</summary>
internal static class RemoteSplitEnumeratorGateway
{
    /// <summary>
    /// One gateway per source node of <paramref name="vertex"/>'s chain (keyed by node id, as
    /// <see cref="JobTaskResources.SplitEnumerators"/>), for attempt <paramref name="attemptNumber"/> of <paramref name="subtask"/>.
    /// </summary>
    public static IReadOnlyDictionary<int, IRemoteSplitEnumeratorGateway> ForVertex(JobVertex vertex, int subtask, int attemptNumber, IOperatorEventSender sender) =>
        vertex.ChainedNodes.Where(n => n.Kind == StreamNodeKind.Source).ToDictionary(n => n.Id,
            n => n.Source!.Accept(new Factory(vertex.OperatorIds[n.Id], subtask, attemptNumber, sender)));

    private sealed class Factory(OperatorId operatorId, int subtask, int attemptNumber, IOperatorEventSender sender) : ISourceVisitor<IRemoteSplitEnumeratorGateway>
    {
        public IRemoteSplitEnumeratorGateway Visit<T, TSplit>(ISource<T, TSplit> source) where TSplit : ISourceSplit =>
            new RemoteSplitEnumeratorGateway<TSplit>(operatorId, subtask, attemptNumber, sender);
    }
}

namespace Brook.Runtime.Tasks;

/// <summary>
/// A source node's split enumerator as a task sees it, whatever its split type: what a task's resources hold per
/// source node (see <see cref="ISplitEnumeratorGateway{TSplit}"/>).
/// </summary>
internal interface ISplitEnumeratorGateway;

/// <summary>
/// How a source reader reaches its split enumerator (the reader side of Flink's OperatorEventGateway): in process the
/// <see cref="SourceCoordinator{T,TSplit}"/> itself, in a TaskManager process a
/// <see cref="OperatorEvents.RemoteSplitEnumeratorGateway{TSplit}"/> that sends operator events to the JobManager.
/// Used at registration and per split request, never per record.
/// </summary>
internal interface ISplitEnumeratorGateway<TSplit> : ISplitEnumeratorGateway
{
    /// <summary>The reader of <paramref name="subtask"/> is ready; the enumerator reaches it through <paramref name="reader"/> from now on.</summary>
    void RegisterReader(int subtask, ISourceReaderGateway<TSplit> reader);

    /// <summary>The reader of <paramref name="subtask"/> asks for work (Flink's RequestSplitEvent).</summary>
    void HandleSplitRequest(int subtask);
}

namespace Brook.Streaming.Sources;

/// <summary>
/// Discovers splits and hands them to readers. Runs in the JobMaster's source coordinator; its methods
/// are called one at a time (never concurrently).
/// </summary>
public interface ISplitEnumerator<TSplit> : IDisposable where TSplit : ISourceSplit
{
    void Start();

    /// <summary>A reader asked for work (<see cref="ISourceReaderContext.SendSplitRequest"/>).</summary>
    void HandleSplitRequest(int subtaskId);

    /// <summary>Splits given back, e.g. by a failed reader.</summary>
    void AddSplitsBack(IReadOnlyList<TSplit> splits, int subtaskId);

    /// <summary>The reader of <paramref name="subtaskId"/> registered.</summary>
    void AddReader(int subtaskId);
}

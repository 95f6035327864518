namespace Brook.Runtime.Tasks;

/// <summary>
/// How the enumerator side reaches a reader: in process the reader's operator, which puts actions into its task's
/// mailbox; for a reader in a TaskManager process an <see cref="OperatorEvents.RemoteSourceReaderGateway{TSplit}"/>
/// that sends operator events to it.
/// </summary>
internal interface ISourceReaderGateway<TSplit>
{
    void AddSplits(IReadOnlyList<TSplit> splits);

    void NoMoreSplits();

    /// <summary>
    /// Coordination with the reader broke (an event was lost or unreadable), so its splits are unknown: the reader's
    /// task must fail and restart from the last checkpoint.
    /// </summary>
    void Fail(Exception cause);
}

using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>How the coordinator reaches a reader: by putting actions into its task's mailbox.</summary>
internal interface ISourceReaderGateway<TSplit>
{
    void AddSplits(IReadOnlyList<TSplit> splits);

    void NoMoreSplits();
}

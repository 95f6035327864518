using System.Net;

namespace Brook.Runtime.Network.Remote;

/// <summary>What the consumer's connection needs of a remote input channel, whatever its record type.</summary>
internal interface IRemoteInputChannel
{
    InputChannelId Id { get; }

    /// <summary>The producer TaskManager's data address.</summary>
    IPEndPoint ProducerAddress { get; }

    ResultPartitionId PartitionId { get; }

    int SubpartitionIndex { get; }

    /// <summary>The credit announced with the partition request: the channel's exclusive buffers.</summary>
    int InitialCredit { get; }

    /// <summary>A free buffer to receive into (connection thread); null if the producer sent without credit.</summary>
    NetworkBuffer? RequestReceiveBuffer();

    /// <summary>A buffer arrived (connection thread).</summary>
    void OnBuffer(NetworkBuffer buffer, int sequenceNumber, int backlog);

    void OnError(Exception cause);

    /// <summary>The producer has not registered the subpartition (yet): ask <paramref name="client"/> again after a backoff, or fail.</summary>
    void OnPartitionNotFound(PartitionRequestClient client);

    /// <summary>Credit gained since the last announcement (reset to 0), for an AddCredit message.</summary>
    int GetAndResetUnannouncedCredit();
}

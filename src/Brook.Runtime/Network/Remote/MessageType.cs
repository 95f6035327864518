namespace Brook.Runtime.Network.Remote;

/// <summary>The messages of the data plane (Flink's NettyMessage ids where Flink has them, plus the versioned handshake).</summary>
internal enum MessageType : byte
{
    /// <summary>Producer → consumer: one network buffer of a subpartition, its sequence number and the backlog behind it.</summary>
    BufferResponse = 0,

    /// <summary>Producer → consumer: a failure of one channel, or of the whole connection (fatal).</summary>
    ErrorResponse = 1,

    /// <summary>Consumer → producer: serve this subpartition to this channel, starting with this credit.</summary>
    PartitionRequest = 2,

    /// <summary>Consumer → producer: the channel no longer wants the subpartition.</summary>
    CancelPartitionRequest = 4,

    /// <summary>Consumer → producer: the consumer closes the connection.</summary>
    CloseRequest = 5,

    /// <summary>Consumer → producer: the channel has this many more buffers to receive into.</summary>
    AddCredit = 6,

    /// <summary>Consumer → producer, first on a connection: the protocol version the consumer speaks.</summary>
    Hello = 100,

    /// <summary>Producer → consumer: the version is accepted.</summary>
    HelloAck = 101,

    /// <summary>
    /// Producer → consumer: the requested subpartition is not registered (not yet, or released); the channel asks again
    /// after a backoff. Flink sends this as an ErrorResponse carrying a PartitionNotFoundException.
    /// </summary>
    PartitionNotFound = 102,
}

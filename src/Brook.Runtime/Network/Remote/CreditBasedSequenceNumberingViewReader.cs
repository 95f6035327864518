namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The producer's side of one remote channel on a connection (Flink's CreditBasedSequenceNumberingViewReader): the
/// subpartition it reads, the consumer's credit (how many buffers the consumer can still receive) and the sequence
/// number of the next buffer. It is available to the connection's writer only with credit and a queued buffer.
/// Guarded by its connection's lock.
/// </summary>
internal sealed class CreditBasedSequenceNumberingViewReader(InputChannelId receiverId, int initialCredit)
{
    public InputChannelId ReceiverId { get; } = receiverId;

    public IResultSubpartitionView? View { get; set; }

    public int Credit { get; set; } = initialCredit;

    public int SequenceNumber { get; set; }

    /// <summary>In the connection's queue of readers with something to send.</summary>
    public bool IsQueued { get; set; }

    public bool IsReleased { get; set; }

    public bool IsAvailable => !IsReleased && Credit > 0 && View is { IsAvailable: true };
}

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// How the data plane reads one subpartition for its remote consumer (Flink's ResultSubpartitionView): the queued
/// network buffers, their backlog, and a listener told when a buffer is queued. One consumer at a time.
/// </summary>
internal interface IResultSubpartitionView
{
    /// <summary>Attaches the consumer's listener; false if another consumer is attached or the subpartition was released.</summary>
    bool TryAttach(Action onBufferAvailable);

    /// <summary>Takes the next queued buffer and how many stay queued behind it (the backlog announced to the consumer).</summary>
    bool TryPoll(out NetworkBuffer buffer, out int backlog);

    bool IsAvailable { get; }

    /// <summary>The buffer was written to the socket: its segment may be reused and the producer may queue another.</summary>
    void RecycleSent(NetworkBuffer buffer);

    /// <summary>The consumer is gone (cancelled, connection lost): the subpartition is released, as Flink's pipelined ones are once consumed.</summary>
    void ReleaseView();
}

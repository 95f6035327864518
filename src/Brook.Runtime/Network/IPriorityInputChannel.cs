namespace Brook.Runtime.Network;

/// <summary>
/// An input channel that can deliver a barrier ahead of its queued buffers and let the consumer read what it overtook
/// (the in-process <see cref="LocalInputChannel{T}"/>). A channel without it (the network's, for now) delivers every
/// barrier in line, which the barrier handler counts as announced and reached at once.
/// </summary>
internal interface IPriorityInputChannel<T>
{
    /// <summary>Takes a priority barrier if one is waiting (consumer thread only).</summary>
    bool TryPollPriority(out PriorityBarrier<T> barrier);

    bool HasPriority { get; }

    /// <summary>Buffers taken so far: the sequence number of the next buffer the consumer takes.</summary>
    long ConsumedBuffers { get; }

    /// <summary>Buffers offered so far, as the consumer sees them.</summary>
    long OfferedBuffersSeenByConsumer { get; }

    /// <summary>A buffer still queued, numbered between the consumed and the offered count.</summary>
    Buffer<T> PeekQueued(long sequence);
}

namespace Brook.Runtime.Network;

/// <summary>
/// A subpartition that can put a barrier ahead of its queued buffers (the in-process <see cref="LocalInputChannel{T}"/>);
/// the record writer sends barriers into any other subpartition in line.
/// </summary>
internal interface IPrioritySubpartition<T>
{
    /// <summary>Buffers offered so far: the sequence number the next offered buffer gets (producer thread).</summary>
    long OfferedBuffers { get; }

    /// <summary>Puts a barrier ahead of the queued buffers, never blocking.</summary>
    void OfferPriority(PriorityBarrier<T> barrier);
}

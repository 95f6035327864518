namespace Brook.Runtime.Network;

/// <summary>
/// The consumer end of one channel of an input gate (Flink's InputChannel): an in-process ring
/// (<see cref="LocalInputChannel{T}"/>) or a channel fed over the network (<see cref="Remote.RemoteInputChannel{T}"/>).
/// Both hand out the same buffers and events, so the task cannot tell them apart. Polled by the consumer thread only.
/// </summary>
internal interface IInputChannel<T>
{
    /// <summary>The consumer task's wake-up signal, set when the channel receives a buffer (or fails).</summary>
    void BindConsumer(InputSignal signal);

    /// <summary>Takes the next buffer if there is one; throws the channel's error once it has failed.</summary>
    bool TryPoll(out Buffer<T> buffer);

    /// <summary>True when a poll would return a buffer or throw the channel's error.</summary>
    bool HasData { get; }

    /// <summary>The consumer is done with a buffer it polled.</summary>
    void Recycle(Buffer<T> buffer);

    /// <summary>Buffers received and not yet taken by the consumer.</summary>
    int QueuedBuffers { get; }

    /// <summary>Buffers the channel holds at most.</summary>
    int Capacity { get; }
}

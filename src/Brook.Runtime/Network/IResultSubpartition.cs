using Brook.Runtime.Metrics;

namespace Brook.Runtime.Network;

/// <summary>
/// The producer end of one channel, as a record writer sees it (Flink's ResultSubpartition): an in-process ring
/// (<see cref="LocalInputChannel{T}"/>) or a subpartition served to a consumer in another TaskManager
/// (<see cref="Remote.PipelinedSubpartition{T}"/>). Written by the producing task thread only.
/// </summary>
internal interface IResultSubpartition<T>
{
    Buffer<T> RequestBuffer();

    /// <summary>Hands a buffer (records or one event) to the consumer, blocking while the subpartition is full. False if cancelled while waiting.</summary>
    bool Offer(Buffer<T> buffer, CancellationToken cancellation, TaskMetrics? metrics);

    /// <summary>
    /// Sends what the subpartition holds back (Flink's ResultSubpartition.flush): the record writer calls it on every
    /// flush (buffer timeout, flush-always), so a subpartition may keep filling a partly written buffer until then.
    /// </summary>
    void Flush();

    /// <summary>Buffers queued and not yet taken by the consumer.</summary>
    int QueuedBuffers { get; }

    /// <summary>Buffers the subpartition holds at most.</summary>
    int Capacity { get; }

    /// <summary>Whether a buffer can be offered without blocking (the task waits for output space outside its records).</summary>
    bool HasSpace { get; }

    /// <summary>The producing task's signal, to be set when space frees up.</summary>
    void BindProducer(InputSignal signal);
}

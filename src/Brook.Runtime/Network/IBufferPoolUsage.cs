namespace Brook.Runtime.Network;

/// <summary>
/// How full a task's channels are (the source of Flink's inPoolUsage / outPoolUsage): buffers queued in the channels
/// of an input gate or a record writer, and how many those channels hold at most. Read from any thread.
/// </summary>
internal interface IBufferPoolUsage
{
    int QueuedBuffers { get; }

    int TotalBuffers { get; }
}

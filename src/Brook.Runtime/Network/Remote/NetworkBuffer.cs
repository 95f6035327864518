namespace Brook.Runtime.Network.Remote;

/// <summary>
/// A network buffer (Flink's NetworkBuffer over a MemorySegment): a fixed-size segment holding serialized records or
/// one serialized event, pooled by its <see cref="NetworkBufferPool"/> so steady-state exchange allocates nothing.
/// </summary>
internal sealed class NetworkBuffer(byte[] segment)
{
    public readonly byte[] Segment = segment;

    /// <summary>Bytes written (producer) or received (consumer).</summary>
    public int Size;

    public NetworkBufferDataType DataType;

    /// <summary>On a consumer: lent to the channel by its gate's floating pool rather than one of its exclusive buffers.</summary>
    public bool IsFloating;
}

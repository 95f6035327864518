namespace Brook.Runtime.Network.Remote;

/// <summary>What a network buffer carries (Flink's Buffer.DataType, the kinds Brook sends).</summary>
internal enum NetworkBufferDataType : byte
{
    /// <summary>Length-prefixed records; one may continue in the channel's next data buffer.</summary>
    DataBuffer = 0,

    /// <summary>One serialized event (watermark, watermark status, checkpoint barrier, end of partition).</summary>
    EventBuffer = 1,
}

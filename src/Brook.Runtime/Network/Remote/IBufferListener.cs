namespace Brook.Runtime.Network.Remote;

/// <summary>A channel waiting for a floating buffer of its gate (Flink's BufferListener).</summary>
internal interface IBufferListener
{
    /// <summary>Offers a recycled floating buffer; false if the channel no longer needs it.</summary>
    bool NotifyBufferAvailable(NetworkBuffer buffer);
}

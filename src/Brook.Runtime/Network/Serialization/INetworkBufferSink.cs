using Brook.Runtime.Network.Remote;

namespace Brook.Runtime.Network.Serialization;

/// <summary>Where a record serializer gets empty network buffers and puts full ones (a subpartition's queue).</summary>
internal interface INetworkBufferSink
{
    NetworkBuffer RequestBuffer();

    /// <summary>Takes a written buffer; may block while the sink is full (backpressure).</summary>
    void Add(NetworkBuffer buffer);
}

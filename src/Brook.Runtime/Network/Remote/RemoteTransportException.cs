namespace Brook.Runtime.Network.Remote;

/// <summary>
/// A remote input channel failed (Flink's RemoteTransportException): its connection was lost or refused, the producer
/// reported an error, or the stream was corrupt. The consuming task fails with it and failover takes over.
/// </summary>
internal sealed class RemoteTransportException(string message, Exception? inner = null) : IOException(message, inner);

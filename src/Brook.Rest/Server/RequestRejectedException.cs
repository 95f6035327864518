namespace Brook.Rest.Server;

/// <summary>
/// A request the endpoint refuses before any handler sees it (too large, over the memory budget, malformed on the
/// wire). The answer carries the message alone, as Flink's Netty pipeline handlers write theirs, without a Java class.
/// </summary>
internal sealed class RequestRejectedException(int status, string message, bool closeConnection = false, Exception? cause = null)
    : Exception(message, cause)
{
    public int Status { get; } = status;

    /// <summary>True when the rest of the request cannot be read, so the connection must not carry another request.</summary>
    public bool CloseConnection { get; } = closeConnection;

    /// <summary>Flink's FlinkHttpObjectAggregator answer to a body over rest.server.max-content-length; the connection is closed.</summary>
    public static RequestRejectedException TooLarge(long maxContentLength, Exception? cause = null) =>
        new(413, $"content length exceeded {maxContentLength} bytes. Try to raise [rest.server.max-content-length]", closeConnection: true, cause);

    /// <summary>A body the in-flight budget cannot hold now: the client may retry once other requests were answered.</summary>
    public static RequestRejectedException OverBudget(long capacity) =>
        new(503, $"Service temporarily unavailable: request bodies being handled would exceed {capacity} bytes. " +
                 "Try again later or raise [rest.server.max-in-flight-body-bytes].");
}

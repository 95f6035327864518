namespace Brook.Cluster.Rpc;

/// <summary>
/// The version of the control RPC between JobManager and TaskManager processes. Every call carries it in the
/// <see cref="VersionHeader"/> header and a registration carries it in its message; a peer of another version is refused
/// with <see cref="Check"/>'s message on both sides, since neither can know what the other's messages mean.
/// </summary>
public static class RpcProtocol
{
    /// <summary>Raised whenever a message changes in a way an older peer would misread.</summary>
    public const uint Version = 2;

    public const string VersionHeader = "brook-rpc-version";

    /// <summary>Null when a peer speaking <paramref name="peerVersion"/> can be talked to, else why not (null version: the peer sent none).</summary>
    public static string? Check(uint? peerVersion, string peer) => peerVersion switch
    {
        null => $"The {peer} did not send a Brook RPC protocol version (header {VersionHeader}); this process speaks version {Version}.",
        Version => null,
        var v => $"The {peer} speaks Brook RPC protocol version {v}, but this process speaks version {Version}: " +
                 "JobManager and TaskManagers must run the same Brook release.",
    };

    /// <summary>Reads the version a peer sent in the header; null when it is missing or not a number.</summary>
    public static uint? ParseHeader(string? value) => uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}

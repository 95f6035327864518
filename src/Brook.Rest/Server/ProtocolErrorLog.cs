using Microsoft.Extensions.Logging;

namespace Brook.Rest.Server;

/// <summary>
/// Logs malformed requests (bad chunked encoding, a body that arrives too slowly, a broken multipart form) at
/// debug level, at most one entry per interval with the count of those left out: they are the client's fault,
/// and a flood of them must not fill the log.
/// </summary>
internal sealed class ProtocolErrorLog(ILogger log)
{
    private static readonly long IntervalMs = (long)TimeSpan.FromSeconds(10).TotalMilliseconds;

    private long _nextEntryAt;
    private long _notLogged;

    public void Report(string method, string target, int status, string reason)
    {
        if (!log.IsEnabled(LogLevel.Debug)) return;
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextEntryAt);
        if (now < next || Interlocked.CompareExchange(ref _nextEntryAt, now + IntervalMs, next) != next)
        {
            Interlocked.Increment(ref _notLogged);
            return;
        }
        log.LogDebug("Bad request {Method} {Uri} answered {Status}: {Reason} ({NotLogged} more bad requests since the previous entry were not logged).",
            method, target, status, reason, Interlocked.Exchange(ref _notLogged, 0));
    }
}

using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

/// <summary>
/// Measures how long the runtime keeps managed code suspended, from its own events: a separate EventPipe session on
/// the GC keyword reports every execution-engine suspension (SuspendEEStart … RestartEEStop), whatever its reason:
/// a garbage collection or the sample profiler taking a sample. This is the pause every task thread sees.
/// </summary>
internal sealed class SuspensionMonitor : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _lock = new();
    private double _suspendedMs;
    private long _suspensions;
    private double _longestMs;
    private double? _suspendStart;
    private string _reason = "";
    private readonly Dictionary<string, (long Count, double Ms)> _byReason = new();

    public SuspensionMonitor()
    {
        var client = new DiagnosticsClient(Environment.ProcessId);
        _session = client.StartEventPipeSession([new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC)],
            requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Clr.GCSuspendEEStart += e =>
        {
            lock (_lock)
            {
                _suspendStart = e.TimeStampRelativeMSec;
                _reason = e.Reason.ToString();
            }
        };
        _source.Clr.GCRestartEEStop += e =>
        {
            lock (_lock)
            {
                if (_suspendStart is not { } start) return;
                var ms = e.TimeStampRelativeMSec - start;
                _suspendStart = null;
                _suspendedMs += ms;
                _suspensions++;
                _longestMs = Math.Max(_longestMs, ms);
                var (c, t) = _byReason.GetValueOrDefault(_reason);
                _byReason[_reason] = (c + 1, t + ms);
            }
        };
        _processing = Task.Run(() => _source.Process());
    }

    /// <summary>Totals since the last call: suspensions, their summed and longest duration.</summary>
    public (long Count, double TotalMs, double LongestMs) Take() => Take(out _);

    /// <summary>As <see cref="Take()"/>, with the suspensions by the runtime's reason (SuspendForGC, SuspendOther: the sampler, ...).</summary>
    public (long Count, double TotalMs, double LongestMs) Take(out string byReason)
    {
        lock (_lock)
        {
            byReason = string.Join(", ", _byReason.Select(kv => $"{kv.Key} {kv.Value.Count} x {kv.Value.Ms / Math.Max(1, kv.Value.Count) * 1000:F0} us"));
            _byReason.Clear();
            var result = (_suspensions, _suspendedMs, _longestMs);
            _suspensions = 0;
            _suspendedMs = 0;
            _longestMs = 0;
            return result;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _processing;
        _source.Dispose();
        _session.Dispose();
    }
}

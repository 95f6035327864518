using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;

using Brook.Runtime.Diagnostics;

namespace Brook.Cluster.Diagnostics;

/// <summary>
/// Samples the managed stacks of this process's threads through the runtime's own diagnostics: an EventPipe session
/// on the own process id with the runtime's sample profiler (which records every managed thread's stack about once a
/// millisecond) and the method rundown at the session's end that names the code addresses; TraceEvent turns the
/// recorded trace into named frames. Nothing of this runs unless a thread dump or flame graph is asked for; the
/// session's temporary files are deleted before the answer. See docs/diagnostics.md for the measured cost. It lives
/// here, not in Brook.Runtime, so that job packages (which reference the runtime) do not carry TraceEvent.
/// </summary>
public sealed class EventPipeStackSampler : IStackSampler
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>Sessions open at once; further requests wait for one to end (each session costs a rundown and a parse).</summary>
    public const int MaxConcurrentSessions = 2;

    private readonly SemaphoreSlim _sessions = new(MaxConcurrentSessions);

    /// <summary>The sampling window is the work itself: the runtime samples while the session is open.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<StackSample>>> SampleAsync(TimeSpan duration, Func<long, bool> wanted, int maxDepth,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        await _sessions.WaitAsync(cancellationToken);
        try
        {
            return await RecordAndReadAsync(duration, wanted, maxDepth, cancellationToken);
        }
        finally
        {
            _sessions.Release();
        }
    }

    private static async Task<IReadOnlyDictionary<long, IReadOnlyList<StackSample>>> RecordAndReadAsync(TimeSpan duration, Func<long, bool> wanted, int maxDepth,
        CancellationToken cancellationToken)
    {
        var nettrace = Path.Combine(Path.GetTempPath(), "brook-stacks-" + Guid.NewGuid().ToString("N") + ".nettrace");
        string? etlx = null;
        try
        {
            await RecordAsync(nettrace, duration, cancellationToken);
            etlx = TraceLog.CreateFromEventPipeDataFile(nettrace);
            using var log = new TraceLog(etlx);
            return Read(log, wanted, maxDepth);
        }
        finally
        {
            Delete(nettrace);
            Delete(etlx);
        }
    }

    private static async Task RecordAsync(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(Environment.ProcessId);
        EventPipeProvider[] providers = [new(SampleProfiler, EventLevel.Informational)];
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 256, cancellationToken);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var copy = session.EventStream.CopyToAsync(file, CancellationToken.None);
        try
        {
            // The sampling window itself: the runtime samples in wall-clock time while the session is open, so this is
            // TimeProvider.System on purpose (a test's fake clock would never close it).
            await Task.Delay(duration, TimeProvider.System, cancellationToken);
        }
        finally
        {
            // Stopping makes the runtime write the method rundown and end the stream; the copy then completes.
            await session.StopAsync(CancellationToken.None);
            await copy;
        }
    }

    private static Dictionary<long, IReadOnlyList<StackSample>> Read(TraceLog log, Func<long, bool> wanted, int maxDepth)
    {
        var byThread = new Dictionary<long, List<StackSample>>();
        // Samples of a thread that does not move share one call-stack index: resolve each once.
        var stacks = new Dictionary<CallStackIndex, IReadOnlyList<StackTraceElement>>();
        foreach (var ev in log.Events)
        {
            if (ev.ProviderName != SampleProfiler || ev.ThreadID < 0 || !wanted(ev.ThreadID)) continue;
            var index = ev.CallStackIndex();
            if (!stacks.TryGetValue(index, out var frames))
            {
                frames = Frames(ev.CallStack(), maxDepth);
                stacks[index] = frames;
            }
            var inNative = ev.PayloadByName("Type") is { } type && type.ToString() == "External";
            if (!byThread.TryGetValue(ev.ThreadID, out var list)) byThread[ev.ThreadID] = list = [];
            list.Add(new StackSample(ev.TimeStampRelativeMSec, inNative, frames));
        }
        return byThread.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<StackSample>)kv.Value);
    }

    private static List<StackTraceElement> Frames(TraceCallStack? stack, int maxDepth)
    {
        var frames = new List<StackTraceElement>();
        for (var s = stack; s is not null && frames.Count < maxDepth; s = s.Caller)
        {
            var frame = StackTraceElement.FromRuntimeName(s.CodeAddress.FullMethodName, s.CodeAddress.ModuleName);
            // Consecutive unnamed frames are one stretch of unmanaged code.
            if (frame.IsUnmanaged && frames.Count > 0 && frames[^1].IsUnmanaged) continue;
            frames.Add(frame);
        }
        return frames;
    }

    private static void Delete(string? path)
    {
        if (path is null) return;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left in the temp directory; it holds stacks only.
        }
    }
}

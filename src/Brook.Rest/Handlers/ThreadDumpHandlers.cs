using System.Text;
using Brook.Rest.Messages;
using Brook.Runtime.Diagnostics;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobmanager/thread-dump and /taskmanagers/:taskmanagerid/thread-dump: sampled stacks written as Flink writes them.</summary>
public static class ThreadDumpHandlers
{
    public static ThreadDumpInfo Create(IReadOnlyList<ThreadInfoSample> threads, int maxDepth) =>
        new(threads.Select(t => new ThreadDumpThreadInfo(t.ThreadName, Stringify(t, maxDepth))).ToList());

    /// <summary>
    /// Flink's ThreadDumpInfo.stringifyThreadInfo (Java's ThreadInfo.toString with a configurable depth):
    /// "\"name\" Id=.. STATE", then "\tat frame" lines up to <paramref name="maxDepth"/>, "\t..." if cut, and a blank line.
    /// "(in native)" marks a RUNNABLE thread the runtime found outside managed code.
    /// </summary>
    public static string Stringify(ThreadInfoSample thread, int maxDepth)
    {
        var sb = new StringBuilder().Append('"').Append(thread.ThreadName).Append("\" Id=").Append(thread.ThreadId).Append(' ').Append(thread.State);
        if (thread.InNative && thread.State == ThreadInfoState.RUNNABLE) sb.Append(" (in native)");
        sb.Append('\n');
        var i = 0;
        for (; i < thread.StackTrace.Count && i < maxDepth; i++) sb.Append("\tat ").Append(thread.StackTrace[i]).Append('\n');
        if (i < thread.StackTrace.Count) sb.Append("\t...").Append('\n');
        return sb.Append('\n').ToString();
    }
}

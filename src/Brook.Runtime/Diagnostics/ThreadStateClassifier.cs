namespace Brook.Runtime.Diagnostics;

/// <summary>
/// Names a .NET sample's thread state as Java would. The runtime's sampler says only whether the thread was in managed
/// code; as in Java, a thread in native code (a socket read, an epoll wait) still counts as RUNNABLE. A thread counts as
/// waiting when its innermost frames, below any unmanaged ones, are one of .NET's blocking primitives: Thread.Sleep is
/// TIMED_WAITING, waiting to enter a contended monitor or lock is BLOCKED, any other wait (Monitor.Wait, wait handles,
/// slim events and semaphores, the thread pool's semaphore, Task waits, Thread.Join) is WAITING.
/// </summary>
public static class ThreadStateClassifier
{
    private static readonly (string Prefix, ThreadInfoState State)[] Waits =
    [
        ("System.Threading.Thread.Sleep", ThreadInfoState.TIMED_WAITING),
        ("System.Threading.Monitor.Enter", ThreadInfoState.BLOCKED),
        ("System.Threading.Monitor.ReliableEnter", ThreadInfoState.BLOCKED),
        ("System.Threading.Monitor.TryEnter", ThreadInfoState.BLOCKED),
        ("System.Threading.Lock.TryEnterSlow", ThreadInfoState.BLOCKED),
        ("System.Threading.Lock.Enter", ThreadInfoState.BLOCKED),
        ("System.Threading.Monitor.Wait", ThreadInfoState.WAITING),
        ("System.Threading.WaitHandle.Wait", ThreadInfoState.WAITING),
        ("System.Threading.ManualResetEventSlim.Wait", ThreadInfoState.WAITING),
        ("System.Threading.SemaphoreSlim.Wait", ThreadInfoState.WAITING),
        ("System.Threading.LowLevelLifoSemaphore.Wait", ThreadInfoState.WAITING),
        ("System.Threading.LowLevelMonitor.Wait", ThreadInfoState.WAITING),
        ("System.Threading.Tasks.Task.SpinThenBlockingWait", ThreadInfoState.WAITING),
        ("System.Threading.Tasks.Task.InternalWait", ThreadInfoState.WAITING),
        ("System.Threading.Thread.Join", ThreadInfoState.WAITING),
    ];

    /// <summary>The state of a sampled stack (innermost frame first).</summary>
    public static ThreadInfoState Classify(IReadOnlyList<StackTraceElement> stack)
    {
        foreach (var frame in stack)
        {
            if (frame.IsUnmanaged) continue;
            if (!frame.ClassName.StartsWith("System.Threading", StringComparison.Ordinal)) return ThreadInfoState.RUNNABLE;
            var name = frame.QualifiedName;
            foreach (var (prefix, state) in Waits)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return state;
            }
        }
        return ThreadInfoState.RUNNABLE;
    }
}

namespace Brook.Runtime.Diagnostics;

/// <summary>
/// The operating system's view of this process's threads, which is how the runtime's sampler identifies them: the id of
/// the calling thread and the name a thread has at the OS (Linux keeps the first 15 characters of a managed name).
/// </summary>
public static class OsThreads
{
    /// <summary>The calling thread's OS id (Linux: its tid from /proc/thread-self); -1 where that is not available.</summary>
    public static long CurrentId()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        var target = new FileInfo("/proc/thread-self").LinkTarget;
        return target is not null && long.TryParse(Path.GetFileName(target), out var tid) ? tid : -1;
    }

    /// <summary>The OS name of a thread of this process, or "Thread-&lt;id&gt;" when the OS does not tell.</summary>
    public static string Name(long threadId)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var name = File.ReadAllText($"/proc/self/task/{threadId}/comm").TrimEnd('\n');
                if (name.Length > 0) return name;
            }
            catch (IOException)
            {
                // The thread ended since it was sampled.
            }
            catch (UnauthorizedAccessException)
            {
                // A hardened /proc: fall back to the id.
            }
        }
        return "Thread-" + threadId;
    }
}

namespace Brook.Streaming.Sinks;

/// <summary>
/// The standard output of the TaskManager whose task runs on the calling thread. A task thread of a cluster sets it
/// to its TaskManager's .out file, so the print sink's lines land in that TaskManager's stdout as in Flink; anywhere
/// else (the embedded executor, user threads) it is the console.
/// </summary>
public static class TaskStdout
{
    [ThreadStatic]
    private static TextWriter? _current;

    /// <summary>The task thread's TaskManager stdout, or null off task threads.</summary>
    public static TextWriter? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>Where a task's standard output goes: its TaskManager's stdout, else the console.</summary>
    public static TextWriter Out => _current ?? Console.Out;
}

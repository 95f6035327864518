namespace Brook.Runtime.Diagnostics;

/// <summary>One sample of one thread's stack (Flink's ThreadInfoSample), innermost frame first.</summary>
/// <param name="ThreadId">The operating system's id of the thread (what thread dumps print as Id).</param>
/// <param name="ThreadName">The managed name of a task thread, else the name the OS knows the thread by.</param>
/// <param name="InNative">The runtime saw the thread outside managed code (in the runtime, the OS or a native library).</param>
public sealed record ThreadInfoSample(long ThreadId, string ThreadName, ThreadInfoState State, bool InNative, IReadOnlyList<StackTraceElement> StackTrace);

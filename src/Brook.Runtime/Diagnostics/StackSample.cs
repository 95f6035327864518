namespace Brook.Runtime.Diagnostics;

/// <summary>One recorded stack of one thread.</summary>
/// <param name="TimeMs">Milliseconds since the session started.</param>
/// <param name="InNative">The sampler found the thread outside managed code.</param>
public sealed record StackSample(double TimeMs, bool InNative, IReadOnlyList<StackTraceElement> Frames);

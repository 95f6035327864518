namespace Brook.Runtime.Diagnostics;

/// <summary>
/// A thread dump from a short sampling window: every wanted thread's most recent stack in it, with its state. The window
/// only has to be long enough for the runtime's sampler (about one sample per millisecond) to visit each thread once.
/// </summary>
public static class ThreadDumper
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<ThreadInfoSample>> DumpAsync(IStackSampler sampler, Func<long, bool> wanted, Func<long, string> name, int maxDepth,
        CancellationToken cancellationToken)
    {
        var samples = await sampler.SampleAsync(Window, wanted, maxDepth, cancellationToken);
        return samples.OrderBy(kv => kv.Key).Select(kv =>
        {
            var last = kv.Value[^1];
            return new ThreadInfoSample(kv.Key, name(kv.Key), ThreadStateClassifier.Classify(last.Frames), last.InNative, last.Frames);
        }).ToList();
    }
}

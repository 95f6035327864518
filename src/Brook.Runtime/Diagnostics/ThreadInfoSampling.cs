namespace Brook.Runtime.Diagnostics;

/// <summary>
/// Flink's sampling of task threads (num-samples samples, delay-between-samples apart) over the runtime's sampler,
/// which records every thread about once a millisecond: the session stays open for num-samples × delay, and of each
/// thread's recorded stacks the first at or after each sampling instant is kept.
/// </summary>
public static class ThreadInfoSampling
{
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<ThreadInfoSample>>> SampleAsync(IStackSampler sampler, IReadOnlyDictionary<long, string> threads,
        ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        if (threads.Count == 0) return new Dictionary<long, IReadOnlyList<ThreadInfoSample>>();
        var window = request.DelayBetweenSamples * Math.Max(1, request.NumSamples);
        var recorded = await sampler.SampleAsync(window, threads.ContainsKey, request.MaxStackTraceDepth, cancellationToken);
        return recorded.ToDictionary(kv => kv.Key, kv => Pick(kv.Value, request).Select(s =>
            new ThreadInfoSample(kv.Key, threads[kv.Key], ThreadStateClassifier.Classify(s.Frames), s.InNative, s.Frames)).ToList() as IReadOnlyList<ThreadInfoSample>);
    }

    /// <summary>At most NumSamples stacks, the first recorded at or after each multiple of the delay from the first one.</summary>
    public static IReadOnlyList<StackSample> Pick(IReadOnlyList<StackSample> recorded, ThreadInfoSamplesRequest request)
    {
        var picked = new List<StackSample>(Math.Min(request.NumSamples, recorded.Count));
        if (recorded.Count == 0) return picked;
        var delay = request.DelayBetweenSamples.TotalMilliseconds;
        if (delay <= 0) return recorded.Take(request.NumSamples).ToList();
        var next = recorded[0].TimeMs;
        foreach (var s in recorded)
        {
            if (picked.Count == request.NumSamples) break;
            if (s.TimeMs < next) continue;
            picked.Add(s);
            next += delay;
            // A gap in the recording (the thread was not running managed code) skips the instants it covered.
            while (next <= s.TimeMs) next += delay;
        }
        return picked;
    }
}

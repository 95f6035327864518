namespace Brook.Runtime.Diagnostics;

/// <summary>What a TaskExecutor samples of its task threads (Flink's ThreadInfoSamplesRequest).</summary>
/// <param name="NumSamples">Samples per thread (rest.flamegraph.num-samples).</param>
/// <param name="DelayBetweenSamples">Time between two samples of a thread (rest.flamegraph.delay-between-samples).</param>
/// <param name="MaxStackTraceDepth">Innermost frames kept per sample (rest.flamegraph.stack-depth).</param>
public sealed record ThreadInfoSamplesRequest(int NumSamples, TimeSpan DelayBetweenSamples, int MaxStackTraceDepth);

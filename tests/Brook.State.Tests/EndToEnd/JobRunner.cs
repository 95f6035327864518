using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Sinks;

namespace Brook.State.Tests.EndToEnd;

/// <summary>Runs jobs on an embedded MiniCluster and collects what their sinks receive.</summary>
internal static class JobRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static StreamExecutionEnvironment Environment(int parallelism, Configuration? configuration = null)
    {
        var conf = configuration ?? new Configuration();
        return StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(parallelism);
    }

    /// <summary>A sink that adds every element to <paramref name="results"/> (thread-safe: subtasks write concurrently).</summary>
    public static void CollectInto<T>(this DataStream<T> stream, ConcurrentQueue<T> results) =>
        stream.SinkTo(new ActionSink<T>(results.Enqueue, "Collect"));

    public static async Task RunAsync(this StreamExecutionEnvironment env, string name)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await env.ExecuteAsync(name, timeout.Token);
    }
}

using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Sinks;
using Brook.TestSupport;

namespace Brook.Runtime.Tests;

/// <summary>A sink that keeps every record with the subtask that wrote it, in arrival order per subtask.</summary>
internal sealed class CollectSink<T> : ISink<T>
{
    public ConcurrentQueue<(int Subtask, T Value)> Records { get; } = new();

    /// <summary>Pulsed on every record, so tests wait for records without polling.</summary>
    public ProgressSignal Progress { get; } = new();

    public string Name => "Collect";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this, context.SubtaskIndex);

    public IReadOnlyList<T> Values => Records.Select(r => r.Value).ToList();

    private sealed class Writer(CollectSink<T> sink, int subtask) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context)
        {
            sink.Records.Enqueue((subtask, value));
            sink.Progress.Pulse();
        }

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
        }
    }
}

internal static class Env
{
    /// <summary>An environment that runs on its own embedded MiniCluster.</summary>
    public static StreamExecutionEnvironment Local(int parallelism = 1, Configuration? configuration = null) =>
        StreamExecutionEnvironment.Create(new EmbeddedExecutor(configuration ?? new Configuration()), configuration).SetParallelism(parallelism);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever <paramref name="progress"/> is pulsed.</summary>
    public static Task Until(ProgressSignal progress, Func<bool> condition, string what) => progress.UntilAsync(condition, what, Timeout);

    /// <summary>A signal pulsed whenever the cluster's jobs or tasks change state.</summary>
    public static ProgressSignal ClusterProgress(MiniCluster.MiniCluster cluster, params JobMaster.JobMaster[] jobs)
    {
        var progress = new ProgressSignal();
        foreach (var te in cluster.TaskExecutors) te.TasksChanged += progress.Pulse;
        foreach (var job in jobs) job.StateChanged += _ => progress.Pulse();
        return progress;
    }
}

using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Sinks;

namespace Brook.Runtime.Tests;

/// <summary>A sink that keeps every record with the subtask that wrote it, in arrival order per subtask.</summary>
internal sealed class CollectSink<T> : ISink<T>
{
    public ConcurrentQueue<(int Subtask, T Value)> Records { get; } = new();

    public string Name => "Collect";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this, context.SubtaskIndex);

    public IReadOnlyList<T> Values => Records.Select(r => r.Value).ToList();

    private sealed class Writer(CollectSink<T> sink, int subtask) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context) => sink.Records.Enqueue((subtask, value));

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

    /// <summary>Waits until <paramref name="condition"/> holds, or fails after a generous timeout.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Yield();
            await Task.Delay(1);
        }
    }
}

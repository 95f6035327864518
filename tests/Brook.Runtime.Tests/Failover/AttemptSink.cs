using System.Collections.Concurrent;
using Brook.Streaming.Sinks;
using Brook.TestSupport;

namespace Brook.Runtime.Tests.Failover;

/// <summary>
/// Keeps every record with the subtask and attempt that wrote it. Without checkpoints a restarted attempt replays its
/// input from the start, so a subtask's output is what its latest attempt wrote (a sink that is reset per attempt).
/// </summary>
internal sealed class AttemptSink<T> : ISink<T>
{
    public ConcurrentQueue<(int Subtask, int Attempt, T Value)> Records { get; } = new();

    public ProgressSignal Progress { get; } = new();

    public string Name => "Attempts";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this, context.SubtaskIndex, context.RuntimeContext.AttemptNumber);

    /// <summary>The output of each subtask's latest attempt.</summary>
    public IReadOnlyList<T> LatestOutput =>
        Records.GroupBy(r => r.Subtask).SelectMany(g => g.Where(r => r.Attempt == g.Max(x => x.Attempt)).Select(r => r.Value)).ToList();

    public long Count(int attempt) => Records.Count(r => r.Attempt == attempt);

    private sealed class Writer(AttemptSink<T> sink, int subtask, int attempt) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context)
        {
            sink.Records.Enqueue((subtask, attempt, value));
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

using Brook.Streaming.Sinks;

namespace Brook.Runtime.Tests.NetworkShuffle;

/// <summary>A sink that stops at its first record until the test opens the gate: the slowest possible consumer.</summary>
internal sealed class GatedSink<T> : ISink<T>
{
    private long _written;

    public ManualResetEventSlim Gate { get; } = new(false);

    public long Written => Interlocked.Read(ref _written);

    public string Name => "Gated";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this);

    private sealed class Writer(GatedSink<T> sink) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context)
        {
            sink.Gate.Wait();
            Interlocked.Increment(ref sink._written);
        }

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
        }
    }
}

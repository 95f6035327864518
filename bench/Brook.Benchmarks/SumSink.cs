using Brook.Streaming.Sinks;

namespace Brook.Benchmarks;

/// <summary>Adds up what it receives (per subtask, merged at the end), so every run checks its result.</summary>
internal sealed class SumSink<T>(Func<T, long> value) : ISink<T>
{
    private long _sum;
    private long _count;

    public long Sum => Interlocked.Read(ref _sum);

    public long Count => Interlocked.Read(ref _count);

    public string Name => "Sum";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this, value);

    private sealed class Writer(SumSink<T> sink, Func<T, long> value) : ISinkWriter<T>
    {
        private long _sum;
        private long _count;

        public void Write(T v, SinkRecordContext context)
        {
            _sum += value(v);
            _count++;
        }

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
            Interlocked.Add(ref sink._sum, _sum);
            Interlocked.Add(ref sink._count, _count);
        }
    }
}

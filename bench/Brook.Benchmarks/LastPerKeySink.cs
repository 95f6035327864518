using Brook.Streaming.Sinks;

namespace Brook.Benchmarks;

/// <summary>Keeps the last running sum of each key (keys 0..1023); the total of those is the sum of all inputs.</summary>
internal sealed class LastPerKeySink : ISink<(long Key, long Value)>
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public string Name => "Last per key";

    public ISinkWriter<(long Key, long Value)> CreateWriter(ISinkWriterContext context) => new Writer(this);

    private sealed class Writer(LastPerKeySink sink) : ISinkWriter<(long Key, long Value)>
    {
        private readonly long[] _last = new long[1024];

        public void Write((long Key, long Value) v, SinkRecordContext context) => _last[v.Key] = v.Value;

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose() => Interlocked.Add(ref sink._total, _last.Sum());
    }
}

using Brook.Streaming.Sinks;

namespace Brook.PerRecordBench;

/// <summary>Keeps the last running sum of each key (0..keys-1); subtasks own disjoint keys, so their arrays add up.</summary>
internal sealed class LastPerKeySink(int keys) : ISink<(long Key, long Value)>
{
    private readonly long[] _last = new long[keys];

    public long[] Last => _last;

    public string Name => "Last per key";

    public ISinkWriter<(long Key, long Value)> CreateWriter(ISinkWriterContext context) => new Writer(this);

    private sealed class Writer(LastPerKeySink sink) : ISinkWriter<(long Key, long Value)>
    {
        private readonly long[] _last = new long[sink._last.Length];

        public void Write((long Key, long Value) v, SinkRecordContext context) => _last[v.Key] = v.Value;

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
            lock (sink._last)
            {
                for (var i = 0; i < _last.Length; i++) sink._last[i] += _last[i];
            }
        }
    }
}

/// <summary>Counts the window results it receives and adds up their checksums (see <see cref="WindowChecksum"/>).</summary>
internal sealed class WindowResultSink : ISink<(long Key, long Start, long Count)>
{
    private long _windows;
    private long _checksum;

    public (long Windows, long Checksum) Result => (Interlocked.Read(ref _windows), Interlocked.Read(ref _checksum));

    public string Name => "Window results";

    public ISinkWriter<(long Key, long Start, long Count)> CreateWriter(ISinkWriterContext context) => new Writer(this);

    private sealed class Writer(WindowResultSink sink) : ISinkWriter<(long Key, long Start, long Count)>
    {
        private long _windows;
        private long _checksum;

        public void Write((long Key, long Start, long Count) v, SinkRecordContext context)
        {
            _windows++;
            _checksum += WindowChecksum.Of(v.Key, v.Start, v.Count);
        }

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
            Interlocked.Add(ref sink._windows, _windows);
            Interlocked.Add(ref sink._checksum, _checksum);
        }
    }
}

/// <summary>An order-independent checksum of window results: equal sets of (key, start, count) give equal sums.</summary>
internal static class WindowChecksum
{
    public static long Of(long key, long start, long count) => unchecked(count * (key * 1_000_003 + start + 1));
}

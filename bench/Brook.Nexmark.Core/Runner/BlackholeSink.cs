using Brook.Streaming.Sinks;

namespace Brook.Nexmark.Runner;

/// <summary>Consumes results and only counts them (Nexmark's blackhole connector); the count is added up on flush.</summary>
public sealed class BlackholeSink<T>(Action<long> addRows) : ISink<T>
{
    public string Name => "Blackhole";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(addRows);

    private sealed class Writer(Action<long> addRows) : ISinkWriter<T>
    {
        private long _rows;

        public void Write(T value, SinkRecordContext context) => _rows++;

        public void Flush(bool endOfInput)
        {
            addRows(_rows);
            _rows = 0;
        }

        public void Dispose()
        {
        }
    }
}

using System.Threading.Channels;
using Brook.Streaming.Sinks;

namespace Brook.Streaming.Collect;

/// <summary>
/// The sink behind <c>ExecuteAndCollectAsync</c>: every subtask writes into one bounded channel that the
/// program reads. The task thread waits while the channel is full (back pressure from a slow reader) and
/// drops records once the reader has gone (<paramref name="readerGone"/>), so cancelling the job never waits
/// on a reader that stopped.
/// </summary>
internal sealed class CollectSink<T>(ChannelWriter<T> channel, CancellationToken readerGone) : ISink<T>
{
    public string Name => "Collect";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(channel, readerGone);

    private sealed class Writer(ChannelWriter<T> channel, CancellationToken readerGone) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context)
        {
            if (channel.TryWrite(value) || readerGone.IsCancellationRequested) return;
            try
            {
                channel.WriteAsync(value, readerGone).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (readerGone.IsCancellationRequested)
            {
                // The reader stopped enumerating: the job is being cancelled and its output is no longer wanted.
            }
        }

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
        }
    }
}

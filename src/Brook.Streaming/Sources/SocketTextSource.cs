using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Brook.Streaming.Sources;

/// <summary>
/// Lines from a TCP socket (Flink's socketTextStream): connects, reads delimited text until the peer closes
/// the connection, then ends. Reading happens on an async loop into a small bounded queue, so a slow job
/// stops reading from the socket (TCP backpressure) and the task thread never blocks.
/// </summary>
public sealed class SocketTextSource(string host, int port, char delimiter = '\n') : ISource<string, FileSplit>, INonReplayableSource
{
    public Boundedness Boundedness => Boundedness.ContinuousUnbounded;

    public ISplitEnumerator<FileSplit> CreateEnumerator(ISplitEnumeratorContext<FileSplit> context) =>
        new StaticSplitEnumerator<FileSplit>(context, [new FileSplit("socket", $"{host}:{port}")]);

    public ISourceReader<string, FileSplit> CreateReader(ISourceReaderContext context) => new Reader(context, host, port, delimiter);

    private sealed class Reader(ISourceReaderContext context, string host, int port, char delimiter) : ISourceReader<string, FileSplit>
    {
        private readonly Channel<string> _lines = Channel.CreateBounded<string>(1024);
        private readonly CancellationTokenSource _stop = new();
        private bool _started;
        private bool _noMoreSplits;
        private Task? _readLoop;

        public void Start() => context.SendSplitRequest();

        public InputStatus PollNext(ISourceOutput<string> output)
        {
            for (var i = 0; i < 256 && _lines.Reader.TryRead(out var line); i++) output.Collect(line);
            if (_lines.Reader.Completion.IsCompleted)
            {
                if (_lines.Reader.Completion.Exception is { } ex) throw new IOException($"Reading socket {host}:{port} failed.", ex.InnerException);
                return InputStatus.EndOfInput;
            }
            if (!_started && _noMoreSplits) return InputStatus.EndOfInput;
            return _lines.Reader.TryPeek(out _) ? InputStatus.MoreAvailable : InputStatus.NothingAvailable;
        }

        public Task IsAvailable() =>
            _started ? _lines.Reader.WaitToReadAsync().AsTask() : Task.CompletedTask;

        public void AddSplits(IReadOnlyList<FileSplit> splits)
        {
            if (_started || splits.Count == 0) return;
            _started = true;
            _readLoop = ReadLoopAsync(_stop.Token);
        }

        public void NotifyNoMoreSplits() => _noMoreSplits = true;

        public IReadOnlyList<FileSplit> SnapshotState(long checkpointId) =>
            throw new NotSupportedException($"The socket source ({host}:{port}) is not replayable: what it read cannot be read again after a failure, so it cannot take part in checkpoints.");

        private async Task ReadLoopAsync(CancellationToken ct)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
                using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
                var line = new StringBuilder();
                var buffer = new char[4096];
                int n;
                while ((n = await reader.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (buffer[i] == delimiter)
                        {
                            var text = line.ToString();
                            if (text.EndsWith('\r') && delimiter == '\n') text = text[..^1];
                            await _lines.Writer.WriteAsync(text, ct).ConfigureAwait(false);
                            line.Clear();
                        }
                        else
                        {
                            line.Append(buffer[i]);
                        }
                    }
                }
                if (line.Length > 0) await _lines.Writer.WriteAsync(line.ToString(), ct).ConfigureAwait(false);
                _lines.Writer.TryComplete();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _lines.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                _lines.Writer.TryComplete(ex);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _readLoop?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop reports its failures through the channel; here it is only being stopped.
            }
            _stop.Dispose();
        }
    }
}

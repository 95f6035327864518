using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One TCP connection of the data plane, either end (Flink's netty channel with its pipeline): an asynchronous read
/// loop that cuts the stream into frames and hands each to the subclass, and a writer thread that gathers queued
/// control frames and the subclass's outbound frames into one socket write. A malformed or truncated frame, or any
/// failure, closes only this connection and tells the subclass why; nothing escapes to the process.
/// </summary>
internal abstract class NetworkConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentQueue<byte[]> _control = new();
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _writer;
    private Exception? _closeAfterFlush;
    private int _closed;

    protected NetworkConnection(Socket socket, int segmentSize, string name)
    {
        _socket = socket;
        _socket.NoDelay = true;
        SegmentSize = segmentSize;
        MaxFrameLength = NettyMessage.MaxFrameLength(segmentSize);
        RemoteAddress = socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"{name} {RemoteAddress}" };
    }

    public IPEndPoint RemoteAddress { get; }

    protected int SegmentSize { get; }

    protected int MaxFrameLength { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Why the connection closed, once it has.</summary>
    public Exception? CloseCause { get; private set; }

    protected void Start()
    {
        _writer.Start();
        _ = ReadLoopAsync();
    }

    /// <summary>Handles one complete frame; throwing closes the connection with that error.</summary>
    protected abstract void HandleFrame(MessageType type, ReadOnlySequence<byte> body);

    /// <summary>Appends the frames that are ready to go (writer thread); the batch limits how many.</summary>
    protected abstract void CollectOutbound(OutboundBatch batch);

    /// <summary>The batch reached the socket (writer thread): buffers it referenced may be reused.</summary>
    protected abstract void OnBatchSent();

    /// <summary>Called once when the connection closes, with the reason.</summary>
    protected abstract void OnClosed(Exception cause);

    protected void EnqueueControl(byte[] frame)
    {
        _control.Enqueue(frame);
        Wake();
    }

    protected void Wake() => _wake.Set();

    /// <summary>Sends what is queued (typically an error response), then closes with <paramref name="cause"/>; frames read meanwhile are ignored.</summary>
    protected void CloseAfterFlush(byte[] lastFrame, Exception cause)
    {
        _control.Enqueue(lastFrame);
        Volatile.Write(ref _closeAfterFlush, cause);
        Wake();
    }

    private bool Closing => Volatile.Read(ref _closeAfterFlush) is not null || IsClosed;

    private async Task ReadLoopAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (!Closing)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!Closing && TryReadFrame(ref buffer, out var type, out var body)) HandleFrame(type, body);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (Closing) break;
                    throw buffer.IsEmpty
                        ? new RemoteTransportException($"Connection unexpectedly closed by remote TaskManager '{RemoteAddress}'. This might indicate that the remote TaskManager was lost.")
                        : new RemoteTransportException($"Connection to '{RemoteAddress}' closed inside a frame: {buffer.Length} bytes of a truncated frame.");
                }
            }
        }
        catch (Exception e)
        {
            Close(e is RemoteTransportException ? e : TransportFailure("Connection to", e));
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out MessageType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.Length < NettyMessage.FrameHeaderLength) return false;
        Span<byte> header = stackalloc byte[NettyMessage.FrameHeaderLength];
        buffer.Slice(0, NettyMessage.FrameHeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var magic = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (magic != NettyMessage.Magic)
            throw new InvalidDataException($"Frame with magic number 0x{magic:X8} instead of 0x{NettyMessage.Magic:X8}: not Brook's data plane protocol.");
        if (length < NettyMessage.FrameHeaderLength || length > MaxFrameLength)
            throw new InvalidDataException($"Frame length {length} is outside {NettyMessage.FrameHeaderLength}..{MaxFrameLength}.");
        if (buffer.Length < length) return false;
        type = (MessageType)header[8];
        body = buffer.Slice(NettyMessage.FrameHeaderLength, length - NettyMessage.FrameHeaderLength);
        buffer = buffer.Slice(length);
        return true;
    }

    private void WriteLoop()
    {
        var batch = new OutboundBatch();
        try
        {
            while (!IsClosed)
            {
                _wake.Wait();
                _wake.Reset();
                while (!IsClosed)
                {
                    batch.Clear();
                    while (batch.Bytes < OutboundBatch.MaxBytes && _control.TryDequeue(out var frame)) batch.Add(frame, frame.Length);
                    if (Volatile.Read(ref _closeAfterFlush) is null) CollectOutbound(batch);
                    if (batch.Segments.Count == 0) break;
                    _socket.Send(batch.Segments, SocketFlags.None);
                    OnBatchSent();
                }
                if (Volatile.Read(ref _closeAfterFlush) is { } cause && _control.IsEmpty)
                {
                    Close(cause);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Close(e is RemoteTransportException ? e : TransportFailure("Sending to", e));
        }
        finally
        {
            OnBatchSent();
        }
    }

    /// <summary>Closes the socket and tells the subclass (once).</summary>
    public void Close(Exception cause)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        CloseCause = cause;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: closing is all that is left.
        }
        catch (ObjectDisposedException)
        {
            // Disposed by a concurrent close.
        }
        _socket.Dispose();
        _wake.Set();
        OnClosed(cause);
    }

    /// <summary>
    /// A reset or broken connection means the peer process went away (killed, or its machine lost): say so as Flink's
    /// network stack does, so the exception history names the cause rather than a socket error code.
    /// </summary>
    private RemoteTransportException TransportFailure(string what, Exception e) =>
        FindSocketError(e) is System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted or System.Net.Sockets.SocketError.Shutdown
            ? new RemoteTransportException($"Lost connection to TaskManager '{RemoteAddress}'. This indicates that the remote TaskManager was lost.", e)
            : new RemoteTransportException($"{what} '{RemoteAddress}' failed: {e.Message}", e);

    private static System.Net.Sockets.SocketError? FindSocketError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException s) return s.SocketErrorCode;
        }
        return null;
    }

    public void Dispose() => Close(new RemoteTransportException($"Connection to '{RemoteAddress}' closed locally."));
}

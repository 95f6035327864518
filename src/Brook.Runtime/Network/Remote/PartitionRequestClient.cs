using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The consumer's end of the one connection to a producer TaskManager, shared by every channel reading from it
/// (Flink's NettyPartitionRequestClient with its CreditBasedPartitionRequestClientHandler): sends partition requests,
/// credit announcements and cancellations; copies each arriving buffer into a credited buffer of its channel. A lost
/// connection, an error response or a corrupt frame fails the channels it concerns.
/// </summary>
internal sealed class PartitionRequestClient : NetworkConnection
{
    private readonly ConcurrentDictionary<InputChannelId, IRemoteInputChannel> _channels = new();
    private readonly ConcurrentQueue<IRemoteInputChannel> _credits = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PartitionRequestClient>? _onClosed;

    private PartitionRequestClient(Socket socket, int segmentSize, Action<PartitionRequestClient>? onClosed)
        : base(socket, segmentSize, "Brook data plane client")
    {
        _onClosed = onClosed;
        Start();
    }

    /// <summary>Connects and completes the versioned handshake; a refused version fails with the producer's message.</summary>
    public static async Task<PartitionRequestClient> ConnectAsync(IPEndPoint address, int segmentSize, TimeSpan timeout,
        Action<PartitionRequestClient>? onClosed = null, int protocolVersion = NettyMessage.ProtocolVersion)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(address, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            socket.Dispose();
            // Flink's wording: a refused connection most often means the producer's process is gone.
            throw new RemoteTransportException($"Connecting to the data port of TaskManager '{address}' failed: {e.Message}. This might indicate that the remote TaskManager was lost.", e);
        }
        var client = new PartitionRequestClient(socket, segmentSize, onClosed);
        client.EnqueueControl(NettyMessage.Hello(protocolVersion));
        try
        {
            await client._handshake.Task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            client.Close(new RemoteTransportException($"TaskManager '{address}' did not answer the data plane handshake within {timeout}.", e));
            throw client.CloseCause!;
        }
        return client;
    }

    /// <summary>Registers the channel and asks the producer for its subpartition with the channel's initial credit.</summary>
    public void RequestSubpartition(IRemoteInputChannel channel)
    {
        if (!_channels.TryAdd(channel.Id, channel)) throw new InvalidOperationException($"Channel {channel.Id} requested its subpartition already.");
        if (IsClosed)
        {
            _channels.TryRemove(channel.Id, out _);
            channel.OnError(ChannelError(CloseCause!));
            return;
        }
        EnqueueControl(NettyMessage.PartitionRequest(channel.PartitionId, channel.SubpartitionIndex, channel.Id, channel.InitialCredit));
    }

    /// <summary>The channel gained credit; an AddCredit goes out with the next write.</summary>
    public void NotifyCreditAvailable(IRemoteInputChannel channel)
    {
        _credits.Enqueue(channel);
        Wake();
    }

    /// <summary>The channel is closed: buffers for it are dropped from now on and the producer releases its reader.</summary>
    public void CancelRequest(InputChannelId channel)
    {
        _channels.TryRemove(channel, out _);
        // Sent even when the channel had already failed here, so the producer stops serving it either way.
        if (!IsClosed) EnqueueControl(NettyMessage.CancelPartitionRequest(channel));
    }

    protected override void HandleFrame(MessageType type, ReadOnlySequence<byte> body)
    {
        switch (type)
        {
            case MessageType.HelloAck when !_handshake.Task.IsCompleted:
                if (body.Length != 4) throw new InvalidDataException($"A handshake answer of {body.Length} bytes.");
                Span<byte> v = stackalloc byte[4];
                body.CopyTo(v);
                var version = BinaryPrimitives.ReadInt32LittleEndian(v);
                if (version != NettyMessage.ProtocolVersion)
                    throw new RemoteTransportException($"Brook data plane protocol version mismatch: TaskManager '{RemoteAddress}' answered version {version}, this TaskManager speaks version {NettyMessage.ProtocolVersion}.");
                _handshake.TrySetResult();
                return;
            case MessageType.ErrorResponse:
                if (body.Length > NettyMessage.MaxFrameLength(SegmentSize)) throw new InvalidDataException("An oversized error response.");
                var bytes = body.ToArray();
                var (receiver, fatal, message) = NettyMessage.ReadErrorResponse(bytes);
                if (fatal || receiver is null)
                {
                    Close(new RemoteTransportException($"TaskManager '{RemoteAddress}' reported: {message}"));
                    return;
                }
                if (_channels.TryRemove(receiver.Value, out var failed))
                    failed.OnError(new RemoteTransportException($"Error at remote TaskManager '{RemoteAddress}': {message}"));
                return;
            case MessageType.PartitionNotFound when _handshake.Task.IsCompletedSuccessfully:
                if (body.Length != InputChannelId.EncodedLength) throw new InvalidDataException($"PartitionNotFound with a {body.Length}-byte body.");
                Span<byte> id = stackalloc byte[InputChannelId.EncodedLength];
                body.CopyTo(id);
                // Forgotten here until the channel asks again, so a late cancellation does not reach the producer for nothing.
                if (_channels.TryRemove(InputChannelId.Read(id), out var notFound)) notFound.OnPartitionNotFound(this);
                return;
            case MessageType.BufferResponse when _handshake.Task.IsCompletedSuccessfully:
                OnBufferResponse(body);
                return;
            default:
                throw new InvalidDataException($"Unexpected message {type} from a producer{(_handshake.Task.IsCompleted ? "" : " before the handshake")}.");
        }
    }

    private void OnBufferResponse(ReadOnlySequence<byte> body)
    {
        if (body.Length < NettyMessage.BufferResponseHeaderLength) throw new InvalidDataException($"A buffer response of {body.Length} bytes is shorter than its header.");
        Span<byte> h = stackalloc byte[NettyMessage.BufferResponseHeaderLength];
        body.Slice(0, h.Length).CopyTo(h);
        var receiver = InputChannelId.Read(h);
        var sequenceNumber = BinaryPrimitives.ReadInt32LittleEndian(h[16..]);
        var backlog = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        var dataType = (NetworkBufferDataType)h[24];
        var size = BinaryPrimitives.ReadInt32LittleEndian(h[25..]);
        if (dataType is not (NetworkBufferDataType.DataBuffer or NetworkBufferDataType.EventBuffer)) throw new InvalidDataException($"Unknown buffer data type {(byte)dataType}.");
        if (size < 0 || size > SegmentSize || size != body.Length - h.Length)
            throw new InvalidDataException($"A buffer response claims {size} bytes in a {body.Length - h.Length}-byte payload (segment size {SegmentSize}).");
        if (backlog < 0) throw new InvalidDataException($"A buffer response announces a negative backlog {backlog}.");
        // Buffers for a channel cancelled meanwhile are dropped, as Flink does.
        if (!_channels.TryGetValue(receiver, out var channel)) return;
        var buffer = channel.RequestReceiveBuffer();
        if (buffer is null)
        {
            CancelRequest(receiver);
            channel.OnError(new RemoteTransportException($"TaskManager '{RemoteAddress}' sent channel {receiver} a buffer without credit."));
            return;
        }
        body.Slice(h.Length).CopyTo(buffer.Segment);
        buffer.Size = size;
        buffer.DataType = dataType;
        channel.OnBuffer(buffer, sequenceNumber, backlog);
    }

    protected override void CollectOutbound(OutboundBatch batch)
    {
        while (batch.HasRoom(NettyMessage.AddCreditFrameLength) && _credits.TryDequeue(out var channel))
        {
            var credit = channel.GetAndResetUnannouncedCredit();
            if (credit <= 0 || !_channels.ContainsKey(channel.Id)) continue;
            NettyMessage.WriteAddCredit(batch.ReserveHeader(NettyMessage.AddCreditFrameLength), channel.Id, credit);
        }
    }

    protected override void OnBatchSent()
    {
    }

    protected override void OnClosed(Exception cause)
    {
        _handshake.TrySetException(cause);
        foreach (var id in _channels.Keys.ToList())
        {
            if (_channels.TryRemove(id, out var channel)) channel.OnError(ChannelError(cause));
        }
        _onClosed?.Invoke(this);
    }

    private Exception ChannelError(Exception cause) =>
        cause is RemoteTransportException ? cause : new RemoteTransportException($"Connection to producer TaskManager '{RemoteAddress}' failed: {cause.Message}", cause);

    /// <summary>Tells the producer the consumer leaves, then closes.</summary>
    public void CloseGracefully() => CloseAfterFlush(NettyMessage.CloseRequest(), new RemoteTransportException($"Connection to '{RemoteAddress}' closed locally."));
}

using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The producer's end of a connection from one consumer TaskManager (Flink's PartitionRequestServerHandler and
/// PartitionRequestQueue): checks the handshake's version, serves the requested subpartitions to their channels, and
/// sends a buffer of a channel only while the channel has credit, announcing the backlog queued behind it. Readers
/// with credit and data take turns, one buffer each, so one busy channel cannot starve the others.
/// </summary>
internal sealed class PartitionRequestServerConnection : NetworkConnection
{
    private readonly object _lock = new();
    private readonly ResultPartitionManager _partitions;
    private readonly Dictionary<InputChannelId, CreditBasedSequenceNumberingViewReader> _readers = new();
    private readonly Queue<CreditBasedSequenceNumberingViewReader> _available = new();
    private readonly List<(IResultSubpartitionView View, NetworkBuffer Buffer)> _inFlight = new();
    private readonly Action<PartitionRequestServerConnection> _onClosed;
    private bool _handshaken;

    public PartitionRequestServerConnection(Socket socket, ResultPartitionManager partitions, int segmentSize, Action<PartitionRequestServerConnection> onClosed)
        : base(socket, segmentSize, "Brook data plane server")
    {
        _partitions = partitions;
        _onClosed = onClosed;
        Start();
    }

    protected override void HandleFrame(MessageType type, ReadOnlySequence<byte> body)
    {
        Span<byte> b = stackalloc byte[NettyMessage.PartitionRequestBodyLength];
        if (!_handshaken)
        {
            if (type != MessageType.Hello || body.Length != 4)
                throw new InvalidDataException($"The first message on a data connection must be the handshake; received {type} with {body.Length} bytes.");
            body.CopyTo(b);
            var version = BinaryPrimitives.ReadInt32LittleEndian(b);
            if (version != NettyMessage.ProtocolVersion)
            {
                var message = $"Brook data plane protocol version mismatch: the peer speaks version {version}, this TaskManager speaks version {NettyMessage.ProtocolVersion}.";
                CloseAfterFlush(NettyMessage.ErrorResponse(null, fatal: true, message), new RemoteTransportException(message));
                return;
            }
            _handshaken = true;
            EnqueueControl(NettyMessage.HelloAck());
            return;
        }
        switch (type)
        {
            case MessageType.PartitionRequest:
                Expect(type, body, NettyMessage.PartitionRequestBodyLength);
                body.CopyTo(b);
                OnPartitionRequest(
                    ResultPartitionId.Read(b),
                    BinaryPrimitives.ReadInt32LittleEndian(b[ResultPartitionId.EncodedLength..]),
                    InputChannelId.Read(b[(ResultPartitionId.EncodedLength + 4)..]),
                    BinaryPrimitives.ReadInt32LittleEndian(b[(ResultPartitionId.EncodedLength + 4 + InputChannelId.EncodedLength)..]));
                return;
            case MessageType.AddCredit:
                Expect(type, body, InputChannelId.EncodedLength + 4);
                body.CopyTo(b);
                OnAddCredit(InputChannelId.Read(b), BinaryPrimitives.ReadInt32LittleEndian(b[InputChannelId.EncodedLength..]));
                return;
            case MessageType.CancelPartitionRequest:
                Expect(type, body, InputChannelId.EncodedLength);
                body.CopyTo(b);
                OnCancel(InputChannelId.Read(b));
                return;
            case MessageType.CloseRequest:
                Close(new RemoteTransportException($"The consumer at '{RemoteAddress}' closed the connection."));
                return;
            default:
                throw new InvalidDataException($"Unexpected message {type} from a consumer.");
        }
    }

    private static void Expect(MessageType type, ReadOnlySequence<byte> body, int length)
    {
        if (body.Length != length) throw new InvalidDataException($"{type} with a {body.Length}-byte body instead of {length} bytes.");
    }

    private void OnPartitionRequest(ResultPartitionId partition, int subpartitionIndex, InputChannelId receiver, int credit)
    {
        if (credit < 0) throw new InvalidDataException($"PartitionRequest for {receiver} with negative credit {credit}.");
        if (subpartitionIndex < 0) throw new InvalidDataException($"PartitionRequest for {receiver} with subpartition {subpartitionIndex}.");
        var reader = new CreditBasedSequenceNumberingViewReader(receiver, credit);
        lock (_lock)
        {
            // Requests are bounded per connection, as everything read from the network is.
            if (_readers.Count >= MaxChannelsPerConnection) throw new InvalidDataException($"More than {MaxChannelsPerConnection} channels requested on one connection.");
            if (_readers.ContainsKey(receiver)) throw new InvalidDataException($"Channel {receiver} requested a partition twice.");
            if (!_partitions.TryGetSubpartition(partition, subpartitionIndex, out var view))
            {
                // Not registered yet (or released): the consumer asks again after its backoff.
                EnqueueControl(NettyMessage.PartitionNotFound(receiver));
                return;
            }
            if (!view.TryAttach(() => NotifyReaderAvailable(reader)))
            {
                EnqueueControl(NettyMessage.ErrorResponse(receiver, fatal: false, $"Subpartition {subpartitionIndex} of {partition} is consumed by another channel or was released: a pipelined subpartition is read once."));
                return;
            }
            _readers.Add(receiver, reader);
            reader.View = view;
            Enqueue(reader);
        }
    }

    private const int MaxChannelsPerConnection = 65_536;

    private void OnAddCredit(InputChannelId receiver, int credit)
    {
        if (credit <= 0) throw new InvalidDataException($"AddCredit of {credit} for {receiver}.");
        lock (_lock)
        {
            // Credit for a channel cancelled meanwhile is dropped, as Flink does.
            if (!_readers.TryGetValue(receiver, out var reader)) return;
            if (reader.Credit > int.MaxValue - credit) throw new InvalidDataException($"Credit of {receiver} overflows.");
            reader.Credit += credit;
            Enqueue(reader);
        }
    }

    private void OnCancel(InputChannelId receiver)
    {
        lock (_lock)
        {
            if (!_readers.Remove(receiver, out var reader)) return;
            Release(reader);
        }
    }

    private static void Release(CreditBasedSequenceNumberingViewReader reader)
    {
        reader.IsReleased = true;
        reader.View?.ReleaseView();
    }

    private void NotifyReaderAvailable(CreditBasedSequenceNumberingViewReader reader)
    {
        lock (_lock) Enqueue(reader);
    }

    private void Enqueue(CreditBasedSequenceNumberingViewReader reader)
    {
        if (reader.IsQueued || !reader.IsAvailable) return;
        reader.IsQueued = true;
        _available.Enqueue(reader);
        Wake();
    }

    protected override void CollectOutbound(OutboundBatch batch)
    {
        lock (_lock)
        {
            while (_available.Count > 0 && batch.HasRoom(NettyMessage.FrameHeaderLength + NettyMessage.BufferResponseHeaderLength))
            {
                var reader = _available.Dequeue();
                reader.IsQueued = false;
                if (!reader.IsAvailable || !reader.View!.TryPoll(out var buffer, out var backlog)) continue;
                reader.Credit--;
                var header = batch.ReserveHeader(NettyMessage.FrameHeaderLength + NettyMessage.BufferResponseHeaderLength);
                NettyMessage.WriteBufferResponseHeader(header, reader.ReceiverId, reader.SequenceNumber++, backlog, buffer.DataType, buffer.Size);
                batch.Add(buffer.Segment, buffer.Size);
                _inFlight.Add((reader.View, buffer));
                Enqueue(reader);
            }
        }
    }

    protected override void OnBatchSent()
    {
        foreach (var (view, buffer) in _inFlight) view.RecycleSent(buffer);
        _inFlight.Clear();
    }

    protected override void OnClosed(Exception cause)
    {
        lock (_lock)
        {
            foreach (var r in _readers.Values) Release(r);
            _readers.Clear();
            _available.Clear();
        }
        _onClosed(this);
    }
}

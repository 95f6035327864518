using System.Buffers.Binary;
using System.Text;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The frames of the data plane (Flink's NettyMessage layout, little-endian): length of the whole frame (4 bytes),
/// magic number (4), message type (1), body. Every length read from the network is checked against the maximum
/// before anything is allocated or copied.
/// </summary>
internal static class NettyMessage
{
    public const int Magic = unchecked((int)0xBADC0FFE);

    /// <summary>The data plane's protocol version; a peer speaking another is refused at the handshake.</summary>
    public const int ProtocolVersion = 1;

    public const int FrameHeaderLength = 9;

    /// <summary>receiver id, sequence number, backlog, data type, size.</summary>
    public const int BufferResponseHeaderLength = InputChannelId.EncodedLength + 4 + 4 + 1 + 4;

    public const int MaxErrorMessageBytes = 16 * 1024;

    private const int ErrorResponseFixedLength = 1 + InputChannelId.EncodedLength + 1 + 4;

    /// <summary>The largest frame a peer may send: a full buffer response or the longest error.</summary>
    public static int MaxFrameLength(int segmentSize) =>
        FrameHeaderLength + Math.Max(BufferResponseHeaderLength + segmentSize, ErrorResponseFixedLength + MaxErrorMessageBytes);

    public static void WriteFrameHeader(Span<byte> target, int frameLength, MessageType type)
    {
        BinaryPrimitives.WriteInt32LittleEndian(target, frameLength);
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], Magic);
        target[8] = (byte)type;
    }

    public static byte[] Hello(int version) => VersionFrame(MessageType.Hello, version);

    public static byte[] HelloAck() => VersionFrame(MessageType.HelloAck, ProtocolVersion);

    private static byte[] VersionFrame(MessageType type, int version)
    {
        var f = new byte[FrameHeaderLength + 4];
        WriteFrameHeader(f, f.Length, type);
        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(FrameHeaderLength), version);
        return f;
    }

    public const int PartitionRequestBodyLength = ResultPartitionId.EncodedLength + 4 + InputChannelId.EncodedLength + 4;

    public static byte[] PartitionRequest(ResultPartitionId partition, int subpartitionIndex, InputChannelId receiver, int credit)
    {
        var f = new byte[FrameHeaderLength + PartitionRequestBodyLength];
        WriteFrameHeader(f, f.Length, MessageType.PartitionRequest);
        var b = f.AsSpan(FrameHeaderLength);
        partition.Write(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[ResultPartitionId.EncodedLength..], subpartitionIndex);
        receiver.Write(b[(ResultPartitionId.EncodedLength + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(b[(ResultPartitionId.EncodedLength + 4 + InputChannelId.EncodedLength)..], credit);
        return f;
    }

    public const int AddCreditFrameLength = FrameHeaderLength + InputChannelId.EncodedLength + 4;

    public static void WriteAddCredit(Span<byte> target, InputChannelId receiver, int credit)
    {
        WriteFrameHeader(target, AddCreditFrameLength, MessageType.AddCredit);
        receiver.Write(target[FrameHeaderLength..]);
        BinaryPrimitives.WriteInt32LittleEndian(target[(FrameHeaderLength + InputChannelId.EncodedLength)..], credit);
    }

    public static byte[] CancelPartitionRequest(InputChannelId receiver)
    {
        var f = new byte[FrameHeaderLength + InputChannelId.EncodedLength];
        WriteFrameHeader(f, f.Length, MessageType.CancelPartitionRequest);
        receiver.Write(f.AsSpan(FrameHeaderLength));
        return f;
    }

    public static byte[] PartitionNotFound(InputChannelId receiver)
    {
        var f = new byte[FrameHeaderLength + InputChannelId.EncodedLength];
        WriteFrameHeader(f, f.Length, MessageType.PartitionNotFound);
        receiver.Write(f.AsSpan(FrameHeaderLength));
        return f;
    }

    public static byte[] CloseRequest()
    {
        var f = new byte[FrameHeaderLength];
        WriteFrameHeader(f, f.Length, MessageType.CloseRequest);
        return f;
    }

    public static void WriteBufferResponseHeader(Span<byte> target, InputChannelId receiver, int sequenceNumber, int backlog, NetworkBufferDataType dataType, int size)
    {
        WriteFrameHeader(target, FrameHeaderLength + BufferResponseHeaderLength + size, MessageType.BufferResponse);
        var b = target[FrameHeaderLength..];
        receiver.Write(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], sequenceNumber);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], backlog);
        b[24] = (byte)dataType;
        BinaryPrimitives.WriteInt32LittleEndian(b[25..], size);
    }

    /// <summary>An error for one channel (<paramref name="receiver"/>) or, when fatal, for the whole connection.</summary>
    public static byte[] ErrorResponse(InputChannelId? receiver, bool fatal, string message)
    {
        var text = Encoding.UTF8.GetBytes(message);
        if (text.Length > MaxErrorMessageBytes) text = text[..MaxErrorMessageBytes];
        var f = new byte[FrameHeaderLength + ErrorResponseFixedLength + text.Length];
        WriteFrameHeader(f, f.Length, MessageType.ErrorResponse);
        var b = f.AsSpan(FrameHeaderLength);
        b[0] = receiver is null ? (byte)0 : (byte)1;
        receiver?.Write(b[1..]);
        b[17] = fatal ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(b[18..], text.Length);
        text.CopyTo(b[22..]);
        return f;
    }

    public static (InputChannelId? Receiver, bool Fatal, string Message) ReadErrorResponse(ReadOnlySpan<byte> body)
    {
        if (body.Length < ErrorResponseFixedLength) throw new InvalidDataException($"An error response of {body.Length} bytes is shorter than its {ErrorResponseFixedLength}-byte header.");
        var n = BinaryPrimitives.ReadInt32LittleEndian(body[18..]);
        if (n < 0 || n != body.Length - ErrorResponseFixedLength) throw new InvalidDataException($"An error response claims a {n}-byte message in a {body.Length}-byte body.");
        InputChannelId? receiver = body[0] == 1 ? InputChannelId.Read(body[1..]) : null;
        return (receiver, body[17] == 1, Encoding.UTF8.GetString(body.Slice(22, n)));
    }
}

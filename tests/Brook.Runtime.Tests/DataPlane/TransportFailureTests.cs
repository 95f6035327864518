using System.Net;
using System.Net.Sockets;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests.DataPlane;

public sealed class TransportFailureTests
{
    private static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        var n = 0;
        while (n < count)
        {
            var r = socket.Receive(buffer, n, count - n, SocketFlags.None);
            if (r == 0) throw new IOException($"closed after {n} of {count} bytes");
            n += r;
        }
        return buffer;
    }

    /// <summary>True once the peer closed the connection (end of stream or reset).</summary>
    private static bool ClosedByPeer(Socket socket)
    {
        try
        {
            var b = new byte[256];
            while (true)
            {
                if (socket.Receive(b) == 0) return true;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode != SocketError.TimedOut)
        {
            return true;
        }
    }

    private static Socket Connect(IPEndPoint address)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Env.Timeout.TotalMilliseconds };
        s.Connect(address);
        return s;
    }

    private static async Task AssertExchangeWorksAsync(TwoTaskManagers tms)
    {
        var (subpartition, channel) = tms.Connect<long>();
        var reading = ChannelIo.ReadAllAsync(channel, v => v.ToString());
        ChannelIo.Send(subpartition, Enumerable.Range(0, 100).Select(i => new StreamRecord<long>(i)));
        ChannelIo.SendEvent(subpartition, BufferKind.EndOfPartition);
        Assert.Equal(101, (await reading.WaitAsync(Env.Timeout)).Count);
    }

    [Fact]
    public async Task APeerOfAnotherProtocolVersionIsRefusedWithAClearError()
    {
        using var tms = new TwoTaskManagers(consumerProtocolVersion: 2);
        var (_, channel) = tms.Connect<long>();
        var e = await Assert.ThrowsAsync<RemoteTransportException>(() => ChannelIo.ReadAllAsync(channel, v => v.ToString()).WaitAsync(Env.Timeout));
        Assert.Contains("protocol version mismatch: the peer speaks version 2, this TaskManager speaks version 1", e.Message);

        // The producer keeps serving peers of its own version.
        using var client = await PartitionRequestClient.ConnectAsync(tms.Producer.DataAddress, 32 * 1024, Env.Timeout);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task GarbageOversizedAndTruncatedFramesCloseOnlyThatConnection()
    {
        using var tms = new TwoTaskManagers();
        using (var garbage = Connect(tms.Producer.DataAddress))
        {
            garbage.Send(Enumerable.Repeat((byte)0xAB, 64).ToArray());
            Assert.True(ClosedByPeer(garbage));
        }
        using (var oversized = Connect(tms.Producer.DataAddress))
        {
            oversized.Send(NettyMessage.Hello(NettyMessage.ProtocolVersion));
            Assert.Equal(NettyMessage.HelloAck(), ReceiveExactly(oversized, NettyMessage.FrameHeaderLength + 4));
            var huge = new byte[NettyMessage.FrameHeaderLength];
            NettyMessage.WriteFrameHeader(huge, int.MaxValue, MessageType.PartitionRequest);
            oversized.Send(huge);
            Assert.True(ClosedByPeer(oversized));
        }
        using (var truncated = Connect(tms.Producer.DataAddress))
        {
            truncated.Send(NettyMessage.Hello(NettyMessage.ProtocolVersion));
            ReceiveExactly(truncated, NettyMessage.FrameHeaderLength + 4);
            var request = NettyMessage.PartitionRequest(TwoTaskManagers.NewPartition(), 0, InputChannelId.Generate(), 2);
            truncated.Send(request.AsSpan(0, 20));
            truncated.Shutdown(SocketShutdown.Send);
            Assert.True(ClosedByPeer(truncated));
        }
        using (var notFound = Connect(tms.Producer.DataAddress))
        {
            // A request for a partition nobody produces is answered "not found" at once; nothing waits on the producer's side.
            notFound.Send(NettyMessage.Hello(NettyMessage.ProtocolVersion));
            ReceiveExactly(notFound, NettyMessage.FrameHeaderLength + 4);
            var receiver = InputChannelId.Generate();
            notFound.Send(NettyMessage.PartitionRequest(TwoTaskManagers.NewPartition(), 3, receiver, 2));
            Assert.Equal(NettyMessage.PartitionNotFound(receiver), ReceiveExactly(notFound, NettyMessage.FrameHeaderLength + InputChannelId.EncodedLength));
        }
        Assert.True(SpinWait.SpinUntil(() => tms.Producer.ServedConnectionCount == 0, Env.Timeout), "the broken connections are gone");
        await AssertExchangeWorksAsync(tms);
    }

    [Theory]
    [InlineData("magic", "magic number")]
    [InlineData("truncated", "truncated frame")]
    [InlineData("no-credit", "without credit")]
    [InlineData("closed", "the remote TaskManager was lost")]
    [InlineData("reset", "the remote TaskManager was lost")]
    public async Task AProducerSendingBadFramesFailsTheChannelWithAnError(string fault, string expected)
    {
        using var tms = new TwoTaskManagers();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var fakeProducer = Task.Run(() =>
        {
            using var s = listener.Accept();
            ReceiveExactly(s, NettyMessage.FrameHeaderLength + 4);
            s.Send(NettyMessage.HelloAck());
            var request = ReceiveExactly(s, NettyMessage.FrameHeaderLength + NettyMessage.PartitionRequestBodyLength);
            var receiver = InputChannelId.Read(request.AsSpan(NettyMessage.FrameHeaderLength + ResultPartitionId.EncodedLength + 4));
            // One well-formed record: length 9, tag 0 (no timestamp), the long 42.
            var frame = new byte[NettyMessage.FrameHeaderLength + NettyMessage.BufferResponseHeaderLength + 13];
            NettyMessage.WriteBufferResponseHeader(frame, receiver, 0, 0, NetworkBufferDataType.DataBuffer, 13);
            frame[NettyMessage.FrameHeaderLength + NettyMessage.BufferResponseHeaderLength] = 9;
            frame[^8] = 42;
            switch (fault)
            {
                case "magic":
                    frame[4] ^= 0xFF;
                    s.Send(frame);
                    break;
                case "truncated":
                    s.Send(frame.AsSpan(0, 20));
                    break;
                case "closed":
                    break;
                case "reset":
                    // A process killed mid-stream: the kernel answers with a reset, not an orderly close.
                    s.LingerState = new LingerOption(true, 0);
                    s.Close();
                    return;
                default:
                    // The channel announced 2 credits and can hold 10 buffers at most (2 exclusive, 8 floating) while nobody reads.
                    for (var seq = 0; seq < 11; seq++)
                    {
                        NettyMessage.WriteBufferResponseHeader(frame, receiver, seq, 0, NetworkBufferDataType.DataBuffer, 13);
                        s.Send(frame);
                    }
                    break;
            }
            s.Shutdown(SocketShutdown.Send);
            ClosedByPeer(s);
        });
        var channel = tms.Consumer.CreateRemoteInputChannel<long>((IPEndPoint)listener.LocalEndPoint!, TwoTaskManagers.NewPartition(), 0, tms.Consumer.CreateFloatingBufferPool());
        var signal = new InputSignal();
        channel.BindConsumer(signal);
        await channel.RequestSubpartitionAsync(tms.Consumer.ClientFactory);
        // The fake producer ends once the consumer closed the connection; the channel is read only then, so it holds
        // its credit while the fake sends.
        await fakeProducer.WaitAsync(Env.Timeout);
        Assert.True(SpinWait.SpinUntil(() => channel.HasData, Env.Timeout));
        // Whatever arrived before the fault is read first; then the error surfaces.
        Action pollUntilFailed = () =>
        {
            while (true)
            {
                if (channel.TryPoll(out var b)) channel.Recycle(b);
            }
        };
        var e = Assert.Throws<RemoteTransportException>(pollUntilFailed);
        Assert.True(e.Message.Contains(expected), e.Message);
    }

    [Fact]
    public void LosingTheProducerTaskManagerFailsTheChannelAndTheGate()
    {
        using var tms = new TwoTaskManagers();
        var (subpartition, channel) = tms.Connect<long>();
        var signal = new InputSignal();
        var gate = new InputGate<long>([channel], signal);
        ChannelIo.Send(subpartition, Enumerable.Range(0, 10).Select(i => new StreamRecord<long>(i)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), ReadData(gate, 10));

        tms.Producer.Dispose();

        Assert.True(SpinWait.SpinUntil(() => gate.HasData, Env.Timeout), "the lost connection wakes the consumer");
        var e = Assert.Throws<RemoteTransportException>(() => gate.Poll(out _, out _));
        Assert.Contains($"'{tms.Producer.DataAddress}'", e.Message);
        Assert.True(SpinWait.SpinUntil(() => tms.Consumer.ClientFactory.ConnectionCount == 0, Env.Timeout), "the closed connection is forgotten");
    }

    private static List<long> ReadData(InputGate<long> gate, int count)
    {
        var values = new List<long>();
        while (values.Count < count)
        {
            if (gate.Poll(out var b, out var c) == GateResult.Data)
            {
                for (var i = 0; i < b.Count; i++) values.Add(b.Records[i].Value);
                gate.Recycle(c, b);
                continue;
            }
            if (!gate.HasData) Assert.True(SpinWait.SpinUntil(() => gate.HasData, Env.Timeout));
        }
        return values;
    }
}

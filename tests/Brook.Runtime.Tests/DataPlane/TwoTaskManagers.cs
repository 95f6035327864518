using System.Net;
using Brook.Core.Ids;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Tasks;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests.DataPlane;

/// <summary>Two TaskManagers' data planes in one test process, on 127.0.0.1 with ephemeral data ports.</summary>
internal sealed class TwoTaskManagers : IDisposable
{
    public static readonly NettyShuffleEnvironmentConfiguration Defaults = new(0, 32 * 1024, 2, 8, 10, 1024);

    public TwoTaskManagers(NettyShuffleEnvironmentConfiguration? configuration = null, int consumerProtocolVersion = NettyMessage.ProtocolVersion)
    {
        Producer = new NettyShuffleEnvironment(configuration ?? Defaults, IPAddress.Loopback);
        Consumer = new NettyShuffleEnvironment(configuration ?? Defaults, IPAddress.Loopback, consumerProtocolVersion);
    }

    public NettyShuffleEnvironment Producer { get; }

    public NettyShuffleEnvironment Consumer { get; }

    public static ResultPartitionId NewPartition() => new(IntermediateDataSetId.Generate(), 0, ExecutionAttemptId.Generate());

    /// <summary>A producer subpartition and the consumer channel reading it (requested over the shared connection).</summary>
    public (PipelinedSubpartition<T> Subpartition, RemoteInputChannel<T> Channel) Connect<T>(FloatingBufferPool? gateBuffers = null)
    {
        var partition = NewPartition();
        var subpartition = Producer.CreateSubpartition<T>(partition, 0);
        var channel = Consumer.CreateRemoteInputChannel<T>(Producer.DataAddress, partition, 0, gateBuffers ?? Consumer.CreateFloatingBufferPool());
        _ = channel.RequestSubpartitionAsync(Consumer.ClientFactory);
        return (subpartition, channel);
    }

    public void Dispose()
    {
        Consumer.Dispose();
        Producer.Dispose();
    }
}

/// <summary>Writes to and reads from channels the way a record writer and a task do.</summary>
internal static class ChannelIo
{
    public static void Send<T>(IResultSubpartition<T> subpartition, IEnumerable<StreamRecord<T>> records, int[]? keyGroups = null)
    {
        var b = subpartition.RequestBuffer();
        var i = 0;
        foreach (var r in records)
        {
            if (keyGroups is not null) (b.KeyGroups ??= new int[b.Records.Length])[b.Count] = keyGroups[i];
            b.Records[b.Count++] = r;
            i++;
            if (b.IsFull)
            {
                Assert.True(subpartition.Offer(b, CancellationToken.None, null));
                b = subpartition.RequestBuffer();
            }
        }
        if (b.Count > 0) Assert.True(subpartition.Offer(b, CancellationToken.None, null));
        subpartition.Flush();
    }

    public static void SendEvent<T>(IResultSubpartition<T> subpartition, BufferKind kind, long watermark = 0, Checkpointing.CheckpointBarrier? barrier = null)
    {
        var e = subpartition.RequestBuffer();
        e.Kind = kind;
        e.Watermark = watermark;
        e.Barrier = barrier;
        Assert.True(subpartition.Offer(e, CancellationToken.None, null));
    }

    /// <summary>The next buffer of the channel, waiting for it on the channel's signal as a task does.</summary>
    public static Buffer<T> Next<T>(IInputChannel<T> channel, InputSignal signal)
    {
        while (true)
        {
            if (channel.TryPoll(out var b)) return b;
            signal.Reset();
            if (channel.HasData) continue;
            signal.Wait();
        }
    }

    /// <summary>Everything the channel delivers until end of partition, as readable items ("r:value@ts/kg", "wm:5", "barrier:7", "end").</summary>
    public static Task<List<string>> ReadAllAsync<T>(IInputChannel<T> channel, Func<T, string> show)
    {
        var signal = new InputSignal();
        channel.BindConsumer(signal);
        return Task.Factory.StartNew(() =>
        {
            var items = new List<string>();
            while (true)
            {
                var b = Next(channel, signal);
                switch (b.Kind)
                {
                    case BufferKind.Data:
                        for (var i = 0; i < b.Count; i++)
                            items.Add($"r:{show(b.Records[i].Value)}@{b.Records[i].Timestamp}/{(b.KeyGroups is { } kg ? kg[i] : -1)}");
                        break;
                    case BufferKind.Watermark:
                        items.Add($"wm:{b.Watermark}");
                        break;
                    case BufferKind.WatermarkStatus:
                        items.Add($"status:{(WatermarkStatus)b.Watermark}");
                        break;
                    case BufferKind.CheckpointBarrier:
                        items.Add($"barrier:{b.Barrier!.Id}:{b.Barrier.Timestamp}:{b.Barrier.Properties.TypeName}");
                        break;
                    case BufferKind.EndOfPartition:
                        items.Add("end");
                        channel.Recycle(b);
                        return items;
                }
                channel.Recycle(b);
            }
        }, TaskCreationOptions.LongRunning);
    }
}

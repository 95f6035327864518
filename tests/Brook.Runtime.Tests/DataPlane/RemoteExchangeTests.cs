using Brook.Runtime.Checkpointing;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests.DataPlane;

/// <summary>Records and events between two TaskManagers' data planes over real sockets on 127.0.0.1.</summary>
public sealed class RemoteExchangeTests
{
    private static List<string> Expected<T>(IReadOnlyList<StreamRecord<T>> records, Func<T, string> show, int[]? keyGroups = null)
    {
        var items = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            items.Add($"r:{show(records[i].Value)}@{records[i].Timestamp}/{keyGroups?[i] ?? -1}");
            if (i == records.Count / 2) items.AddRange(["wm:100", "status:Idle", "status:Active", "barrier:7:99:CHECKPOINT"]);
        }
        items.AddRange(["wm:200", "barrier:8:100:SYNC_SAVEPOINT", "end"]);
        return items;
    }

    private static async Task<List<string>> ExchangeAsync<T>(TwoTaskManagers tms, IReadOnlyList<StreamRecord<T>> records, Func<T, string> show, int[]? keyGroups = null)
    {
        var (subpartition, channel) = tms.Connect<T>();
        var reading = ChannelIo.ReadAllAsync(channel, show);
        var half = records.Count / 2 + 1;
        ChannelIo.Send(subpartition, records.Take(half), keyGroups);
        ChannelIo.SendEvent(subpartition, BufferKind.Watermark, 100);
        ChannelIo.SendEvent(subpartition, BufferKind.WatermarkStatus, (long)WatermarkStatus.Idle);
        ChannelIo.SendEvent(subpartition, BufferKind.WatermarkStatus, (long)WatermarkStatus.Active);
        ChannelIo.SendEvent(subpartition, BufferKind.CheckpointBarrier, barrier: new CheckpointBarrier(7, 99));
        ChannelIo.Send(subpartition, records.Skip(half), keyGroups?.Skip(half).ToArray());
        ChannelIo.SendEvent(subpartition, BufferKind.Watermark, 200);
        ChannelIo.SendEvent(subpartition, BufferKind.CheckpointBarrier,
            barrier: new CheckpointBarrier(8, 100) { Properties = CheckpointProperties.SynchronousSavepoint(SavepointFormatType.CANONICAL, false) });
        ChannelIo.SendEvent(subpartition, BufferKind.EndOfPartition);
        return await reading.WaitAsync(Env.Timeout);
    }

    [Fact]
    public async Task RecordsOfSeveralTypesAndEveryEventArriveInOrderExactlyOnce()
    {
        // Small buffers, so records span buffers and channels need floating buffers.
        using var tms = new TwoTaskManagers(TwoTaskManagers.Defaults with { SegmentSize = 512, RecordsPerBuffer = 64 });

        var longs = Enumerable.Range(0, 20_000).Select(i => new StreamRecord<long>(i * 31L, i % 2 == 0 ? i : StreamRecord.NoTimestamp)).ToList();
        var keyGroups = Enumerable.Range(0, longs.Count).Select(i => i % 128).ToArray();
        Assert.Equal(Expected(longs, v => v.ToString(), keyGroups), await ExchangeAsync(tms, longs, v => v.ToString(), keyGroups));

        var strings = Enumerable.Range(0, 3_000).Select(i => new StreamRecord<string>(i % 100 == 0 ? new string('s', 3000) + i : "wörd" + i, i)).ToList();
        Assert.Equal(Expected(strings, s => s), await ExchangeAsync(tms, strings, s => s));

        var tuples = Enumerable.Range(0, 5_000).Select(i => new StreamRecord<(string, long)>(("k" + (i % 17), i))).ToList();
        Assert.Equal(Expected(tuples, t => $"{t.Item1}|{t.Item2}"), await ExchangeAsync(tms, tuples, t => $"{t.Item1}|{t.Item2}"));

        var trades = Enumerable.Range(0, 2_000).Select(i => new StreamRecord<Trade>(new Trade("T" + i, i / 4.0, i, ["a", "b" + i]), i)).ToList();
        static string Show(Trade t) => $"{t.Symbol}|{t.Price}|{t.Quantity}|{string.Join(',', t.Tags)}";
        Assert.Equal(Expected(trades, Show), await ExchangeAsync(tms, trades, Show));

        // Four channels, one connection: every consumer channel of this TaskManager shares it.
        Assert.Equal(1, tms.Consumer.ClientFactory.ConnectionCount);
    }

    [Fact]
    public async Task ManyChannelsOfSeveralGatesShareOneConnectionNextToLocalChannels()
    {
        using var tms = new TwoTaskManagers(TwoTaskManagers.Defaults with { SegmentSize = 1024, RecordsPerBuffer = 32 });
        const int gates = 2, remotePerGate = 6, perChannel = 5_000;
        var producers = new List<Task>();
        var readers = new List<Task<Dictionary<int, List<long>>>>();
        for (var g = 0; g < gates; g++)
        {
            var floating = tms.Consumer.CreateFloatingBufferPool();
            var channels = new List<IInputChannel<long>>();
            var partition = TwoTaskManagers.NewPartition();
            for (var c = 0; c < remotePerGate; c++)
            {
                var subpartition = tms.Producer.CreateSubpartition<long>(partition, c);
                var channel = tms.Consumer.CreateRemoteInputChannel<long>(tms.Producer.DataAddress, partition, c, floating);
                _ = channel.RequestSubpartitionAsync(tms.Consumer.ClientFactory);
                channels.Add(channel);
                var id = g * 100 + c;
                producers.Add(Task.Factory.StartNew(() => Produce(subpartition, id), TaskCreationOptions.LongRunning));
            }
            // A producer in the consumer's own TaskManager: its channel stays an in-process ring in the same gate.
            var local = new LocalInputChannel<long>(2, 32);
            channels.Add(local);
            var localId = g * 100 + remotePerGate;
            producers.Add(Task.Factory.StartNew(() => Produce(local, localId), TaskCreationOptions.LongRunning));
            var signal = new InputSignal();
            readers.Add(ReadGateAsync(new InputGate<long>(channels.ToArray(), signal), signal));
        }

        static void Produce(IResultSubpartition<long> target, int id)
        {
            ChannelIo.Send(target, Enumerable.Range(0, perChannel).Select(i => new StreamRecord<long>(id * 1_000_000L + i)));
            ChannelIo.SendEvent(target, BufferKind.EndOfPartition);
        }

        await Task.WhenAll(producers).WaitAsync(Env.Timeout);
        foreach (var (read, g) in (await Task.WhenAll(readers).WaitAsync(Env.Timeout)).Select((r, g) => (r, g)))
        {
            Assert.Equal(remotePerGate + 1, read.Count);
            foreach (var (channel, values) in read)
            {
                var id = g * 100 + channel;
                Assert.Equal(Enumerable.Range(0, perChannel).Select(i => id * 1_000_000L + i), values);
            }
        }
        Assert.Equal(1, tms.Consumer.ClientFactory.ConnectionCount);
        Assert.Equal(1, tms.Producer.ServedConnectionCount);
    }

    [Fact]
    public async Task AConsumerThatRequestsBeforeItsProducerRegisteredAsksAgainAndReadsEverything()
    {
        using var tms = new TwoTaskManagers(TwoTaskManagers.Defaults with { RequestBackoffInitial = TimeSpan.FromMilliseconds(1) });
        var partition = TwoTaskManagers.NewPartition();
        var channel = tms.Consumer.CreateRemoteInputChannel<long>(tms.Producer.DataAddress, partition, 0, tms.Consumer.CreateFloatingBufferPool());
        var reading = ChannelIo.ReadAllAsync(channel, v => v.ToString());
        await channel.RequestSubpartitionAsync(tms.Consumer.ClientFactory);
        Assert.True(SpinWait.SpinUntil(() => channel.CurrentBackoff >= TimeSpan.FromMilliseconds(2), Env.Timeout), "the request was not found and retriggered");

        var subpartition = tms.Producer.CreateSubpartition<long>(partition, 0);
        ChannelIo.Send(subpartition, Enumerable.Range(0, 5000).Select(i => new StreamRecord<long>(i)));
        ChannelIo.SendEvent(subpartition, BufferKind.EndOfPartition);

        var read = await reading.WaitAsync(Env.Timeout);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"r:{i}@{StreamRecord.NoTimestamp}/-1").Append("end"), read);
    }

    [Fact]
    public async Task AConsumerWhoseProducerNeverRegistersFailsWithPartitionNotFoundOnceTheBackoffRanOut()
    {
        using var tms = new TwoTaskManagers(TwoTaskManagers.Defaults with
        {
            RequestBackoffInitial = TimeSpan.FromMilliseconds(1),
            RequestBackoffMax = TimeSpan.FromMilliseconds(16),
        });
        var partition = TwoTaskManagers.NewPartition();
        var channel = tms.Consumer.CreateRemoteInputChannel<long>(tms.Producer.DataAddress, partition, 0, tms.Consumer.CreateFloatingBufferPool());
        var reading = ChannelIo.ReadAllAsync(channel, v => v.ToString());
        await channel.RequestSubpartitionAsync(tms.Consumer.ClientFactory);

        var e = await Assert.ThrowsAsync<PartitionNotFoundException>(() => reading.WaitAsync(Env.Timeout));
        Assert.Equal($"Partition {partition} not found.", e.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(16), channel.LastBackoff);
    }

    [Fact]
    public async Task AClosedChannelGivesItsBuffersBackAndReleasesItsSubpartition()
    {
        using var tms = new TwoTaskManagers(TwoTaskManagers.Defaults with
        {
            SegmentSize = 512,
            RecordsPerBuffer = 16,
            RequestBackoffInitial = TimeSpan.FromMilliseconds(1),
            RequestBackoffMax = TimeSpan.FromMilliseconds(8),
        });
        var partition = TwoTaskManagers.NewPartition();
        var subpartition = tms.Producer.CreateSubpartition<long>(partition, 0);
        var floating = tms.Consumer.CreateFloatingBufferPool();
        var first = tms.Consumer.CreateRemoteInputChannel<long>(tms.Producer.DataAddress, partition, 0, floating);
        await first.RequestSubpartitionAsync(tms.Consumer.ClientFactory);
        // About 8 segments: more than the exclusive buffers, so the channel borrows floating ones for the backlog.
        ChannelIo.Send(subpartition, Enumerable.Range(0, 300).Select(i => new StreamRecord<long>(i)));
        Assert.True(SpinWait.SpinUntil(() => floating.Available < floating.Size, Env.Timeout), "the backlog takes floating buffers");

        first.Close();
        Assert.True(SpinWait.SpinUntil(() => floating.Available == floating.Size, Env.Timeout), "a closed channel gives its floating buffers back");

        // The producer never blocks on a consumer that left: far more than the subpartition holds goes nowhere.
        var producing = Task.Run(() => ChannelIo.Send(subpartition, Enumerable.Range(0, 100_000).Select(i => new StreamRecord<long>(i))));
        await producing.WaitAsync(Env.Timeout);

        // A pipelined subpartition is read once: released, it is gone from the producer, and a new request finds nothing.
        Assert.Equal(0, tms.Producer.RegisteredSubpartitions);
        var second = tms.Consumer.CreateRemoteInputChannel<long>(tms.Producer.DataAddress, partition, 0, floating);
        var reading = ChannelIo.ReadAllAsync(second, v => v.ToString());
        await second.RequestSubpartitionAsync(tms.Consumer.ClientFactory);
        var e = await Assert.ThrowsAsync<PartitionNotFoundException>(() => reading.WaitAsync(Env.Timeout));
        Assert.Equal($"Partition {partition} not found.", e.Message);
        Assert.Equal(1, tms.Consumer.ClientFactory.ConnectionCount);
    }

    /// <summary>Reads a gate as a one-input task does, until every channel ended: the values per channel index.</summary>
    internal static Task<Dictionary<int, List<long>>> ReadGateAsync(InputGate<long> gate, InputSignal signal, Action? beforeEachBuffer = null)
    {
        return Task.Factory.StartNew(() =>
        {
            var read = new Dictionary<int, List<long>>();
            while (true)
            {
                switch (gate.Poll(out var buffer, out var channel))
                {
                    case GateResult.Data:
                        beforeEachBuffer?.Invoke();
                        if (!read.TryGetValue(channel, out var list)) read[channel] = list = [];
                        for (var i = 0; i < buffer.Count; i++) list.Add(buffer.Records[i].Value);
                        gate.Recycle(channel, buffer);
                        break;
                    case GateResult.EndOfInput:
                        return read;
                    case GateResult.NothingAvailable:
                        signal.Reset();
                        if (!gate.HasData && !gate.IsFinished) signal.Wait();
                        break;
                }
            }
        }, TaskCreationOptions.LongRunning);
    }
}

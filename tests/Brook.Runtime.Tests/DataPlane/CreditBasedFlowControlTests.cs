using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests.DataPlane;

public sealed class CreditBasedFlowControlTests
{
    [Fact]
    public async Task ASlowConsumerBackpressuresTheProducerInAnotherTaskManagerWithBoundedBuffers()
    {
        var config = TwoTaskManagers.Defaults with { SegmentSize = 1024, BuffersPerChannel = 2, FloatingBuffersPerGate = 8, MaxBuffersPerChannel = 4, RecordsPerBuffer = 64 };
        using var tms = new TwoTaskManagers(config);
        const int total = 200_000, perOffer = 64;
        var (subpartition, channel) = tms.Connect<long>();
        var producerMetrics = new TaskMetrics(TimeProvider.System);
        long written = 0;
        var producer = Task.Factory.StartNew(() =>
        {
            for (var next = 0; next < total;)
            {
                var b = subpartition.RequestBuffer();
                while (b.Count < perOffer && next < total) b.Records[b.Count++] = new StreamRecord<long>(next++);
                Assert.True(subpartition.Offer(b, CancellationToken.None, producerMetrics));
                Volatile.Write(ref written, next);
            }
            var end = subpartition.RequestBuffer();
            end.Kind = BufferKind.EndOfPartition;
            Assert.True(subpartition.Offer(end, CancellationToken.None, producerMetrics));
        }, TaskCreationOptions.LongRunning);

        // The consumer task takes one buffer, then waits for the test before each further one.
        using var slow = new SemaphoreSlim(0);
        var signal = new InputSignal();
        var reading = RemoteExchangeTests.ReadGateAsync(new InputGate<long>([channel], signal), signal, () => slow.Wait());

        Assert.True(SpinWait.SpinUntil(() => producerMetrics.IsBackPressured, Env.Timeout), "the producer blocks on a full subpartition");
        // Whatever the timing, the producer got at most this far: the consumer's buffer in hand, its exclusive and floating
        // network buffers full, the producer's subpartition full, the one network buffer the producer waits to queue, and
        // the records of the offer in progress. A network buffer holds a 13-byte record per 13 bytes.
        var perNetworkBuffer = config.SegmentSize / 13 + 1;
        var bound = perOffer + (config.BuffersPerChannel + config.FloatingBuffersPerGate + config.MaxBuffersPerChannel + 1) * perNetworkBuffer + perOffer;
        Assert.InRange(Volatile.Read(ref written), perOffer, bound);
        Assert.True(bound < total / 100);
        Assert.InRange(tms.Producer.BufferPool.AllocatedBuffers, 1, config.MaxBuffersPerChannel + 1);
        Assert.Equal(config.BuffersPerChannel + config.FloatingBuffersPerGate, tms.Consumer.BufferPool.AllocatedBuffers);
        Assert.False(producer.IsCompleted);

        // The consumer catches up a little: the producer moves on by about as much, and no further.
        slow.Release(20);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref written) > bound && producerMetrics.IsBackPressured && slow.CurrentCount == 0, Env.Timeout));
        Assert.InRange(Volatile.Read(ref written), bound, bound + 20 * perOffer + perNetworkBuffer);

        slow.Release(int.MaxValue / 2);
        var read = await reading.WaitAsync(Env.Timeout);
        await producer.WaitAsync(Env.Timeout);
        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), read[0]);
        // Memory stayed flat over the whole run: no buffer was allocated beyond the bounds.
        Assert.InRange(tms.Producer.BufferPool.AllocatedBuffers, 1, config.MaxBuffersPerChannel + 2);
        Assert.Equal(config.BuffersPerChannel + config.FloatingBuffersPerGate, tms.Consumer.BufferPool.AllocatedBuffers);
        Assert.True(producerMetrics.NumBytesOut > total * 9L, "the producer counts the bytes it serialized");
    }
}

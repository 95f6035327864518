using System.Diagnostics;
using System.Net;
using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Tasks;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using HdrHistogram;

namespace Brook.NetworkBench;

/// <summary>
/// End-to-end latency of one channel at a steady rate: each record carries the moment it was emitted, the consumer
/// records how long it took to arrive. With buffer timeout 0 every record is flushed at once; with a timeout the
/// writer flushes when the timeout has passed since its last flush (as the task's output flusher does).
/// </summary>
internal static class LatencyRun
{
    public static LongHistogram Measure(bool network, TimeSpan bufferTimeout, int recordsPerSecond, TimeSpan duration, NettyShuffleEnvironmentConfiguration configuration)
    {
        NettyShuffleEnvironment? producerEnv = null, consumerEnv = null;
        IResultSubpartition<long> output;
        IInputChannel<long> input;
        if (network)
        {
            producerEnv = new NettyShuffleEnvironment(configuration, IPAddress.Loopback);
            consumerEnv = new NettyShuffleEnvironment(configuration, IPAddress.Loopback);
            var partition = new ResultPartitionId(IntermediateDataSetId.Generate(), 0, ExecutionAttemptId.Generate());
            output = producerEnv.CreateSubpartition<long>(partition, 0);
            var channel = consumerEnv.CreateRemoteInputChannel<long>(producerEnv.DataAddress, partition, 0, consumerEnv.CreateFloatingBufferPool());
            channel.RequestSubpartitionAsync(consumerEnv.ClientFactory).GetAwaiter().GetResult();
            input = channel;
        }
        else
        {
            var local = new LocalInputChannel<long>(configuration.BuffersPerChannel, configuration.RecordsPerBuffer);
            output = local;
            input = local;
        }
        try
        {
            var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
            var consumer = new Thread(() => Consume(input, histogram));
            consumer.Start();
            Produce(output, bufferTimeout, recordsPerSecond, duration);
            consumer.Join();
            return histogram;
        }
        finally
        {
            consumerEnv?.Dispose();
            producerEnv?.Dispose();
        }
    }

    private static void Produce(IResultSubpartition<long> output, TimeSpan bufferTimeout, int recordsPerSecond, TimeSpan duration)
    {
        var flushAlways = bufferTimeout == TimeSpan.Zero;
        var writer = new RecordWriter<long>([output], StreamPartitioner.Forward, 0, 1, flushAlways, new TaskMetrics(TimeProvider.System), CancellationToken.None, TimeProvider.System);
        var period = (double)Stopwatch.Frequency / recordsPerSecond;
        var timeoutTicks = (long)(bufferTimeout.TotalSeconds * Stopwatch.Frequency);
        var count = (long)(duration.TotalSeconds * recordsPerSecond);
        var start = Stopwatch.GetTimestamp();
        var lastFlush = start;
        for (long i = 0; i < count;)
        {
            var now = Stopwatch.GetTimestamp();
            if (!flushAlways && now - lastFlush >= timeoutTicks)
            {
                writer.FlushAll();
                lastFlush = now;
            }
            // Paced emission: a record is due every period; between them the thread gives way to the others.
            if (now < start + (long)(i * period))
            {
                Thread.Yield();
                continue;
            }
            writer.Emit(new StreamRecord<long>(Stopwatch.GetTimestamp()));
            i++;
        }
        writer.FlushAll();
        writer.BroadcastEndOfPartition();
    }

    private static void Consume(IInputChannel<long> input, LongHistogram histogram)
    {
        var signal = new InputSignal();
        var gate = new InputGate<long>([input], signal);
        var microsPerTick = 1_000_000.0 / Stopwatch.Frequency;
        while (true)
        {
            switch (gate.Poll(out var buffer, out var channel))
            {
                case GateResult.Data:
                    var now = Stopwatch.GetTimestamp();
                    for (var i = 0; i < buffer.Count; i++) histogram.RecordValue((long)((now - buffer.Records[i].Value) * microsPerTick));
                    gate.Recycle(channel, buffer);
                    break;
                case GateResult.EndOfInput:
                    return;
                case GateResult.NothingAvailable:
                    signal.Reset();
                    if (!gate.HasData && !gate.IsFinished) signal.Wait();
                    break;
            }
        }
    }
}

using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.NetworkBench;

/// <summary>
/// Producer and consumer threads as tasks run them: a record writer (forward partitioner) emitting into a subpartition,
/// and an input gate polled by the consumer until end of partition. The same code drives in-process and network channels.
/// </summary>
internal static class Pipelines
{
    /// <summary>Runs one writer per output and one reader per input; returns the bytes the writers serialized (0 in process).</summary>
    public static long Run<T>(IResultSubpartition<T>[] outputs, IInputChannel<T>[] inputs, T[] values, long recordsPerWriter)
    {
        var metrics = outputs.Select(_ => new TaskMetrics(TimeProvider.System)).ToArray();
        var consumed = new long[inputs.Length];
        var threads = new List<Thread>();
        for (var c = 0; c < inputs.Length; c++)
        {
            var index = c;
            threads.Add(new Thread(() => consumed[index] = Consume(inputs[index])) { Name = "consumer " + c });
        }
        for (var w = 0; w < outputs.Length; w++)
        {
            var index = w;
            threads.Add(new Thread(() => Produce(outputs[index], values, recordsPerWriter, metrics[index])) { Name = "producer " + w });
        }
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (consumed.Sum() != recordsPerWriter * outputs.Length)
            throw new InvalidOperationException($"Consumed {consumed.Sum()} records of {recordsPerWriter * outputs.Length}.");
        return metrics.Sum(m => m.NumBytesOut);
    }

    private static void Produce<T>(IResultSubpartition<T> output, T[] values, long n, TaskMetrics metrics)
    {
        var writer = new RecordWriter<T>([output], StreamPartitioner.Forward, 0, 1, false, metrics, CancellationToken.None, TimeProvider.System);
        var mask = values.Length - 1;
        for (long i = 0; i < n; i++) writer.Emit(new StreamRecord<T>(values[i & mask]));
        writer.FlushAll();
        writer.BroadcastEndOfPartition();
    }

    private static long Consume<T>(IInputChannel<T> input)
    {
        var signal = new InputSignal();
        var gate = new InputGate<T>([input], signal);
        long count = 0;
        while (true)
        {
            switch (gate.Poll(out var buffer, out var channel))
            {
                case GateResult.Data:
                    count += buffer.Count;
                    gate.Recycle(channel, buffer);
                    break;
                case GateResult.EndOfInput:
                    return count;
                case GateResult.NothingAvailable:
                    signal.Reset();
                    if (!gate.HasData && !gate.IsFinished) signal.Wait();
                    break;
            }
        }
    }
}

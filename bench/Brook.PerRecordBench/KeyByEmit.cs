using System.Diagnostics;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.PerRecordBench;

/// <summary>
/// (e) The source side of keyBy alone, on one thread, so the shared machine's load hardly moves it: runs of 256
/// sequence numbers (as the sequence source polls them) go into a record writer over p in-process channels, keyed by
/// v % 10 000 (the keyed rolling sum's key selector, a constant divisor), as values (the keyed rolling sum's source) and as records with timestamps (the window count's); each
/// channel's buffers are taken and returned as they fill. Prints the writer's CPU per record (the numbers' fill and the
/// buffers' return included).
/// </summary>
internal static class KeyByEmit
{
    private const int Run = 256;

    private const int Keys = 10_000;

    public static void Measure(long records, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"(e) source side of keyBy alone, one thread, runs of {Run}, CPU ns per record (median of {rounds})");
        foreach (var withTimestamps in new[] { false, true })
        foreach (var channels in new[] { 1, 2, 4, 8 })
        {
            var samples = new List<double>();
            var emitter = new Emitter(channels, withTimestamps);
            emitter.Emit(records / 10);
            for (var round = 0; round < rounds; round++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                emitter.Emit(records);
                samples.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalNanoseconds / records);
            }
            samples.Sort();
            Console.WriteLine($"  {(withTimestamps ? "records" : "values"),-8} p={channels}  {samples[samples.Count / 2],6:F2} ns/rec  (rounds {string.Join(" ", samples.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");
        }
    }

    private sealed class Emitter(int channelCount, bool withTimestamps)
    {
        private readonly LocalInputChannel<long>[] _channels = Enumerable.Range(0, channelCount).Select(_ => new LocalInputChannel<long>(8, 1024)).ToArray();
        private readonly long[] _values = new long[Run];
        private readonly StreamRecord<long>[] _records = new StreamRecord<long>[Run];
        private RecordWriter<long>? _writer;
        private long _next;

        public void Emit(long count)
        {
            var writer = _writer ??= new RecordWriter<long>(_channels, new KeyGroupStreamPartitioner<long, long>(v => v % Keys, 128), 0, channelCount, false,
                new TaskMetrics(TimeProvider.System), CancellationToken.None, TimeProvider.System);
            for (long done = 0; done < count; done += Run)
            {
                var next = _next;
                if (withTimestamps)
                {
                    for (var i = 0; i < Run; i++) _records[i] = new StreamRecord<long>(next + i, next + i);
                    writer.EmitBatch(_records);
                }
                else
                {
                    for (var i = 0; i < Run; i++) _values[i] = next + i;
                    writer.EmitValues(_values);
                }
                _next = next + Run;
                foreach (var channel in _channels)
                {
                    while (channel.TryPoll(out var buffer)) channel.Recycle(buffer);
                }
            }
        }
    }
}

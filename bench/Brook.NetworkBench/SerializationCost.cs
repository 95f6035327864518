using System.Diagnostics;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Network.Serialization;
using Brook.Streaming.Operators;

namespace Brook.NetworkBench;

/// <summary>
/// Nanoseconds per record to serialize into network buffers and to deserialize from them, without any transport, in CPU
/// time of this (single-threaded) process, so other load on the machine does not count.
/// </summary>
internal static class SerializationCost
{
    private sealed class RecyclingSink(NetworkBufferPool pool) : INetworkBufferSink
    {
        public List<NetworkBuffer>? Keep;

        public NetworkBuffer RequestBuffer() => pool.Request();

        public void Add(NetworkBuffer buffer)
        {
            if (Keep is not null) Keep.Add(buffer);
            else pool.Recycle(buffer);
        }
    }

    public static (double SerializeNs, double DeserializeNs, double BytesPerRecord) Measure<T>(T[] values, long n, int segmentSize)
    {
        var pool = new NetworkBufferPool(segmentSize);
        var sink = new RecyclingSink(pool);
        var serializer = new SpanningRecordSerializer<T>(TypeSerializers.For<T>(), sink);
        var mask = values.Length - 1;
        for (var i = 0; i < 1_000_000; i++) serializer.Write(new StreamRecord<T>(values[i & mask]), -1);
        serializer.Flush();
        var before = serializer.BytesWritten;
        var cpu = CpuNanoseconds();
        for (long i = 0; i < n; i++) serializer.Write(new StreamRecord<T>(values[i & mask]), -1);
        serializer.Flush();
        var serializeNs = (CpuNanoseconds() - cpu) / n;
        var bytesPerRecord = (double)(serializer.BytesWritten - before) / n;

        // Deserialize a fixed set of buffers repeatedly, so memory stays small whatever n is.
        const int Kept = 200_000;
        sink.Keep = [];
        for (var i = 0; i < Kept; i++) serializer.Write(new StreamRecord<T>(values[i & mask]), -1);
        serializer.Flush();
        var deserializer = new SpillingAdaptiveSpanningRecordDeserializer<T>(TypeSerializers.For<T>());
        long read = 0;
        T last = default!;
        // One untimed pass, so the timed ones run tiered-up code.
        for (var pass = 0; pass < 5; pass++)
        {
            foreach (var b in sink.Keep)
            {
                var position = 0;
                while (deserializer.TryNext(b, ref position, out var record, out _)) last = record.Value;
            }
        }
        cpu = CpuNanoseconds();
        while (read < n)
        {
            foreach (var b in sink.Keep)
            {
                var position = 0;
                while (deserializer.TryNext(b, ref position, out var record, out _))
                {
                    last = record.Value;
                    read++;
                }
            }
        }
        GC.KeepAlive(last);
        return (serializeNs, (CpuNanoseconds() - cpu) / read, bytesPerRecord);
    }

    private static double CpuNanoseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalNanoseconds;
}

using Brook.Runtime.Checkpointing;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Network.Serialization;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests.DataPlane;

public sealed record Trade(string Symbol, double Price, long Quantity, string[] Tags);

public sealed class RecordSerializationTests
{
    /// <summary>Collects what a serializer writes, one network buffer after another.</summary>
    private sealed class CollectingSink(int segmentSize) : INetworkBufferSink
    {
        private readonly NetworkBufferPool _pool = new(segmentSize);

        public List<NetworkBuffer> Buffers { get; } = [];

        public NetworkBuffer RequestBuffer() => _pool.Request();

        public void Add(NetworkBuffer buffer) => Buffers.Add(buffer);
    }

    private static List<(StreamRecord<T> Record, int KeyGroup)> RoundTrip<T>(IReadOnlyList<(StreamRecord<T> Record, int KeyGroup)> records, int segmentSize, out int buffers)
    {
        var sink = new CollectingSink(segmentSize);
        var serializer = new SpanningRecordSerializer<T>(TypeSerializers.For<T>(), sink);
        foreach (var (r, kg) in records) serializer.Write(r, kg);
        serializer.Flush();
        buffers = sink.Buffers.Count;
        var deserializer = new SpillingAdaptiveSpanningRecordDeserializer<T>(TypeSerializers.For<T>());
        var read = new List<(StreamRecord<T>, int)>();
        foreach (var b in sink.Buffers)
        {
            var position = 0;
            while (deserializer.TryNext(b, ref position, out var record, out var keyGroup)) read.Add((record, keyGroup));
            Assert.Equal(b.Size, position);
        }
        Assert.False(deserializer.HasPartialRecord);
        return read;
    }

    [Fact]
    public void PrimitivesStringsAndTuplesTakeTheFastPathsAndRoundTripWithTimestampsAndKeyGroups()
    {
        Assert.IsType<LongSerializer>(TypeSerializers.For<long>());
        Assert.IsType<StringSerializer>(TypeSerializers.For<string>());
        Assert.IsType<Tuple2Serializer<string, long>>(TypeSerializers.For<(string, long)>());
        Assert.IsType<Tuple3Serializer<int, double, string>>(TypeSerializers.For<(int, double, string)>());
        Assert.IsType<MessagePackTypeSerializer<Trade>>(TypeSerializers.For<Trade>());
        Assert.Same(TypeSerializers.For<Trade>(), TypeSerializers.For<Trade>());

        var longs = Enumerable.Range(0, 500).Select(i => (new StreamRecord<long>(long.MaxValue - i, i % 3 == 0 ? StreamRecord.NoTimestamp : i), i % 5 == 0 ? -1 : i % 128)).ToList();
        Assert.Equal(longs, RoundTrip(longs, 256, out _));

        var strings = new[] { "", "a", "grüße 🌊", null!, new string('x', 5000) }
            .Select((s, i) => (new StreamRecord<string>(s, i), -1)).ToList();
        Assert.Equal(strings, RoundTrip(strings, 256, out var stringBuffers));
        Assert.True(stringBuffers > 5000 / 256, "the long string spans many buffers");

        var tuples = Enumerable.Range(0, 300).Select(i => (new StreamRecord<(string, long)>(("key" + i, i * 7L), 1000 + i), i % 128)).ToList();
        Assert.Equal(tuples, RoundTrip(tuples, 256, out _));

        var triples = Enumerable.Range(0, 100).Select(i => (new StreamRecord<(int, double, string)>((i, i / 3.0, "v" + i)), -1)).ToList();
        Assert.Equal(triples, RoundTrip(triples, 1024, out _));
    }

    [Fact]
    public void UserTypesGoThroughMessagePackAndMaySpanBuffers()
    {
        var trades = Enumerable.Range(0, 200)
            .Select(i => (new StreamRecord<Trade>(new Trade("SYM" + i, i * 1.5, i, Enumerable.Range(0, i % 40).Select(t => "tag" + t).ToArray()), i), i % 10))
            .ToList();
        var read = RoundTrip(trades, 300, out _);
        Assert.Equal(trades.Count, read.Count);
        for (var i = 0; i < trades.Count; i++)
        {
            Assert.Equal(trades[i].Item1.Value.Symbol, read[i].Record.Value.Symbol);
            Assert.Equal(trades[i].Item1.Value.Tags, read[i].Record.Value.Tags);
            Assert.Equal(trades[i].Item1.Timestamp, read[i].Record.Timestamp);
            Assert.Equal(trades[i].Item2, read[i].KeyGroup);
        }
    }

    [Fact]
    public void ACorruptRecordLengthIsAnErrorNotAWrongRecord()
    {
        var buffer = new NetworkBuffer(new byte[64]) { Size = 8 };
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer.Segment, -5);
        var deserializer = new SpillingAdaptiveSpanningRecordDeserializer<long>(TypeSerializers.For<long>());
        var position = 0;
        var e = Assert.Throws<InvalidDataException>(() => deserializer.TryNext(buffer, ref position, out _, out _));
        Assert.Contains("-5", e.Message);

        // A record whose value is shorter than its length says.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer.Segment, 4);
        buffer.Segment[4] = 0;
        position = 0;
        Assert.Throws<InvalidDataException>(() => deserializer.TryNext(buffer, ref position, out _, out _));
    }

    [Fact]
    public void EveryEventKindRoundTrips()
    {
        var target = new NetworkBuffer(new byte[64]);
        var events = new Buffer<int>[7];
        for (var i = 0; i < events.Length; i++) events[i] = new Buffer<int>(1);
        events[0].Kind = BufferKind.Watermark;
        events[0].Watermark = 123456789;
        events[1].Kind = BufferKind.WatermarkStatus;
        events[1].Watermark = (long)WatermarkStatus.Idle;
        events[2].Kind = BufferKind.EndOfPartition;
        events[3].Kind = BufferKind.CheckpointBarrier;
        events[3].Barrier = new CheckpointBarrier(42, 1_700_000_000_000);
        events[4].Kind = BufferKind.CheckpointBarrier;
        events[4].Barrier = new CheckpointBarrier(43, 5) { Properties = CheckpointProperties.SynchronousSavepoint(SavepointFormatType.NATIVE, drain: true) };
        // Barriers that may turn unaligned: the consumer must know, or it aligns on them.
        events[5].Kind = BufferKind.CheckpointBarrier;
        events[5].Barrier = new CheckpointBarrier(44, 6) { AlignedTimeoutMillis = 0 };
        events[6].Kind = BufferKind.CheckpointBarrier;
        events[6].Barrier = new CheckpointBarrier(45, 7) { AlignedTimeoutMillis = 30_000 };
        foreach (var e in events)
        {
            EventSerializer.Serialize(e, target);
            Assert.Equal(NetworkBufferDataType.EventBuffer, target.DataType);
            var back = new Buffer<int>(1);
            EventSerializer.Deserialize(target.Segment.AsSpan(0, target.Size), back);
            Assert.Equal(e.Kind, back.Kind);
            Assert.Equal(e.Watermark, back.Watermark);
            Assert.Equal(e.Barrier, back.Barrier);
            Assert.Equal(e.Barrier?.Properties, back.Barrier?.Properties);
            Assert.Equal(e.Barrier?.AlignedTimeoutMillis, back.Barrier?.AlignedTimeoutMillis);
        }
        Assert.Throws<InvalidDataException>(() => EventSerializer.Deserialize([9, 0], new Buffer<int>(1)));
    }
}

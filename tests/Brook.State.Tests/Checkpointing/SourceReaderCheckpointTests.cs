using Brook.Streaming.Functions;
using Brook.Streaming.Sources;

namespace Brook.State.Tests.Checkpointing;

/// <summary>Source readers' checkpointed positions: a reader restored from a snapshot continues at the next record.</summary>
public sealed class SourceReaderCheckpointTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private sealed class Context : ISourceReaderContext
    {
        public int IndexOfSubtask => 0;

        public int CurrentParallelism => 1;

        public IRuntimeContext RuntimeContext => throw new NotSupportedException();

        public TimeProvider TimeProvider => TimeProvider.System;

        public void SendSplitRequest()
        {
        }
    }

    private sealed class Output<T> : ISourceOutput<T>
    {
        public List<T> Values { get; } = [];

        public void Collect(T value) => Values.Add(value);

        public void Collect(T value, long timestamp) => Values.Add(value);

        public void EmitWatermark(long watermark)
        {
        }
    }

    private static List<T> ReadAll<T, TSplit>(ISourceReader<T, TSplit> reader) where TSplit : ISourceSplit
    {
        var output = new Output<T>();
        reader.NotifyNoMoreSplits();
        while (reader.PollNext(output) != InputStatus.EndOfInput)
        {
        }
        return output.Values;
    }

    [Fact]
    public void A_text_file_reader_resumes_after_the_lines_it_had_read()
    {
        File.WriteAllLines(_file, Enumerable.Range(1, 1000).Select(i => "line " + i));
        var source = new TextFileSource(_file);
        var reader = source.CreateReader(new Context());
        reader.AddSplits([new FileSplit("f", _file)]);
        var output = new Output<string>();
        reader.PollNext(output);
        var read = output.Values.Count;
        Assert.InRange(read, 1, 999);

        var snapshot = reader.SnapshotState(1);
        reader.Dispose();
        var restored = source.CreateReader(new Context());
        restored.AddSplits(snapshot);
        var rest = ReadAll(restored);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => "line " + i), output.Values.Concat(rest));
    }

    [Fact]
    public void An_index_range_reader_resumes_at_the_next_index_and_keeps_splits_not_started()
    {
        var source = new NumberSequenceSource(1, 2000);
        var reader = source.CreateReader(new Context());
        reader.AddSplits([new IndexRangeSplit("0", 1, 1001), new IndexRangeSplit("1", 1001, 2001)]);
        var output = new Output<long>();
        reader.PollNext(output);
        var snapshot = reader.SnapshotState(1);
        Assert.Equal(2, snapshot.Count);

        var restored = source.CreateReader(new Context());
        restored.AddSplits(snapshot);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), output.Values.Concat(ReadAll(restored)));
    }

    [Fact]
    public void The_socket_reader_says_it_cannot_be_replayed()
    {
        var reader = new SocketTextSource("localhost", 1).CreateReader(new Context());
        var e = Assert.Throws<NotSupportedException>(() => reader.SnapshotState(1));
        Assert.Contains("not replayable", e.Message);
    }
}

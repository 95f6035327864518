using Brook.Core.States;
using Brook.Nexmark.Generator;
using Brook.Nexmark.Model;
using Brook.Streaming.Functions;
using Brook.Streaming.Sources;

namespace Brook.Nexmark.Tests;

/// <summary>The generator as a Brook source: one split per generator, parallel, a checkpointed position it replays from.</summary>
public sealed class SourceTests
{
    private sealed class Context : ISourceReaderContext
    {
        public int Requests { get; private set; }

        public int IndexOfSubtask => 0;

        public int CurrentParallelism => 1;

        public IRuntimeContext RuntimeContext => throw new NotSupportedException();

        public TimeProvider TimeProvider => TimeProvider.System;

        public void SendSplitRequest() => Requests++;
    }

    private sealed class Output : ISourceOutput<Event>
    {
        public List<(Event Event, long Timestamp)> Values { get; } = [];

        public void Collect(Event value) => Values.Add((value, long.MinValue));

        public void Collect(Event value, long timestamp) => Values.Add((value, timestamp));

        public void EmitWatermark(long watermark)
        {
        }
    }

    [Fact]
    public void A_reader_restored_from_its_snapshot_replays_the_rest_of_its_generator()
    {
        var config = NexmarkTestStream.Config;
        var source = new NexmarkSource(config);
        var (firstId, count) = config.Split()[1];
        var reader = source.CreateReader(new Context());
        reader.Start();
        reader.AddSplits([new NexmarkSplit("1", firstId, 0, count)]);
        var output = new Output();
        reader.PollNext(output);
        reader.PollNext(output);
        var snapshot = reader.SnapshotState(1);
        Assert.Equal([new NexmarkSplit("1", firstId, output.Values.Count, count)], snapshot);

        var restored = source.CreateReader(new Context());
        restored.Start();
        restored.AddSplits(snapshot);
        restored.NotifyNoMoreSplits();
        while (restored.PollNext(output) != InputStatus.EndOfInput)
        {
        }
        Assert.Equal(NexmarkGenerator.Generate(config, firstId, count), output.Values.Select(v => v.Event));
        Assert.All(output.Values, v => Assert.Equal(v.Event.DateTime, v.Timestamp));
    }

    [Fact]
    public async Task The_source_emits_every_generators_events_in_parallel()
    {
        var rows = await NexmarkTestStream.RunAsync(events => events);
        Assert.Equal(NexmarkTestStream.All.Count, rows.Count);
        Assert.Equal(NexmarkTestStream.All.ToHashSet(), rows.ToHashSet());
    }

    [Fact]
    public async Task A_source_parallelism_other_than_the_generator_count_is_refused()
    {
        var (status, failure, rows) = await NexmarkTestStream.RunJobAsync(events => events, NexmarkTestStream.Config with { NumEventGenerators = 3 });
        Assert.NotEqual(JobStatus.FINISHED, status);
        Assert.Contains("3 generators but runs with parallelism 2", failure);
        Assert.Empty(rows);
    }
}

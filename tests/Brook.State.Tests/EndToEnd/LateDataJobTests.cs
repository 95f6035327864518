using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Operators;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.EndToEnd;

public sealed class LateDataJobTests
{
    public readonly record struct Event(int Id, string Key, long Value, long Timestamp);

    /// <summary>Emits a watermark after every event (max timestamp − bound − 1), so lateness does not depend on timing.</summary>
    private sealed class PerEventWatermarks(long bound) : IWatermarkGenerator<Event>
    {
        private long _max = long.MinValue + bound + 1;

        public void OnEvent(Event @event, long eventTimestamp, IWatermarkOutput output)
        {
            _max = Math.Max(_max, eventTimestamp);
            output.EmitWatermark(_max - bound - 1);
        }

        public void OnPeriodicEmit(IWatermarkOutput output)
        {
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    [InlineData(2, true)]
    public async Task Late_data_goes_to_the_side_output_exactly_when_later_than_allowed(int parallelism, bool batchedSource)
    {
        const long bound = 100;
        const long lateness = 300;
        var random = new Random(parallelism);
        // Mostly ordered events with some far stragglers, so some are late within and some beyond the lateness.
        var events = Enumerable.Range(0, 2_000).Select(i =>
        {
            var ts = 10_000 + i * 5L - (random.Next(10) == 0 ? random.Next(1_500) : random.Next(50));
            return new Event(i, "k" + random.Next(7), random.Next(1, 50), ts);
        }).ToArray();

        var late = new OutputTag<Event>("late");
        var windows = new ConcurrentQueue<(string Key, long Start, long Sum, int Count)>();
        var sideOutput = new ConcurrentQueue<Event>();
        var env = JobRunner.Environment(parallelism);
        // One source subtask: the reference replays the events, and their per-event watermarks, in this one order.
        // The sequence source hands its records on in batches (a map turns numbers into events): watermarks emitted on
        // an event must still reach the window after the records before that event and before the ones after it.
        var source = batchedSource
            ? env.FromSequence(0, events.Length - 1).SetParallelism(1).Map(i => events[i]).SetParallelism(1)
            : env.FromCollection(events).SetParallelism(1);
        var result = source
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForGenerator(_ => new PerEventWatermarks(bound)).WithTimestampAssigner((e, _) => e.Timestamp))
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .AllowedLateness(TimeSpan.FromMilliseconds(lateness))
            .SideOutputLateData(late)
            .Apply<(string, long, long, int)>((key, window, elements, output) => output.Collect((key, window.Start, elements.Sum(e => e.Value), elements.Count())));
        result.CollectInto(windows);
        result.GetSideOutput(late).CollectInto(sideOutput);
        await env.RunAsync("late data");

        // Reference: the watermark an event meets is the one emitted after the events before it; its window is
        // gone once end − 1 + lateness is at or below that watermark.
        var expectedLate = new List<int>();
        var kept = new List<Event>();
        var lateButAllowed = 0;
        var watermark = long.MinValue;
        var max = long.MinValue + bound + 1;
        foreach (var e in events)
        {
            var windowEnd = e.Timestamp - e.Timestamp % 1000 + 1000;
            if (windowEnd - 1 + lateness <= watermark) expectedLate.Add(e.Id);
            else kept.Add(e);
            if (windowEnd - 1 <= watermark && windowEnd - 1 + lateness > watermark) lateButAllowed++;
            max = Math.Max(max, e.Timestamp);
            watermark = Math.Max(watermark, max - bound - 1);
        }
        Assert.NotEmpty(expectedLate);
        Assert.True(lateButAllowed > 0, "Some events should arrive after their window fired but within the allowed lateness.");
        Assert.Equal(expectedLate.Order(), sideOutput.Select(e => e.Id).Order());

        // The last firing of each window includes every kept event (late-but-allowed ones re-fire it).
        var expectedFinal = kept.GroupBy(e => (e.Key, Start: e.Timestamp - e.Timestamp % 1000))
            .Select(g => (g.Key.Key, g.Key.Start, g.Sum(e => e.Value), g.Count())).Order();
        var finals = windows.GroupBy(w => (w.Key, w.Start)).Select(g => g.MaxBy(w => w.Count)).Order();
        Assert.Equal(expectedFinal, finals);
    }
}

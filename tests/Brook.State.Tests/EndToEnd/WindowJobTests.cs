using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.EndToEnd;

public sealed class WindowJobTests
{
    public readonly record struct Event(string Key, long Value, long Timestamp);

    /// <summary>Events in arrival order whose timestamps are out of order by up to <paramref name="disorderMs"/>.</summary>
    private static Event[] OutOfOrderEvents(int count, int keys, int disorderMs, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new Event("k" + random.Next(keys), random.Next(1, 100), 1_000_000 + i * 7L + random.Next(disorderMs)))
            .ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Tumbling_event_time_sum_over_out_of_order_input_equals_linq(int parallelism)
    {
        var events = OutOfOrderEvents(3_000, 13, 400, parallelism);
        var results = new ConcurrentQueue<(string Key, long Start, long Sum)>();
        var env = JobRunner.Environment(parallelism);
        env.FromCollection(events)
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(500)).WithTimestampAssigner((e, _) => e.Timestamp))
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Apply<(string Key, long Start, long Sum)>((key, window, elements, output) => output.Collect((key, window.Start, elements.Sum(e => e.Value))))
            .CollectInto(results);
        await env.RunAsync("tumbling");

        var expected = events.GroupBy(e => (e.Key, Start: e.Timestamp / 1000 * 1000)).Select(g => (g.Key.Key, g.Key.Start, g.Sum(e => e.Value))).Order();
        Assert.Equal(expected, results.Order());
    }
}

using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 12, processing-time windows: bids per bidder per 10 s of processing time (tumbling processing-time
/// windows, incremental count; the windows still open when the input ends fire then).
/// </summary>
public static class Query12
{
    public const string Sql = """
        SELECT B.bidder, count(*) as bid_count,
               TUMBLE_START(B.p_time, INTERVAL '10' SECOND) as starttime,
               TUMBLE_END(B.p_time, INTERVAL '10' SECOND) as endtime
        FROM (SELECT *, PROCTIME() as p_time FROM bid) B
        GROUP BY B.bidder, TUMBLE(B.p_time, INTERVAL '10' SECOND);
        """;

    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    public static DataStream<WindowCount<long>> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .KeyBy(b => b.Bidder)
            .Window(TumblingProcessingTimeWindows.Of(Size))
            .Trigger(new ProcessingTimeOrEndOfInputTrigger())
            .Aggregate(new CountAggregate<Bid>(), new KeyedWindowCount<long>());
}

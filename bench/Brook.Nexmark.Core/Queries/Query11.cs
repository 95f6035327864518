using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>Query 11, user sessions: bids per bidder per session (event-time session windows, 10 s gap, incremental count).</summary>
public static class Query11
{
    public const string Sql = """
        SELECT B.bidder, count(*) as bid_count,
               SESSION_START(B.dateTime, INTERVAL '10' SECOND) as starttime,
               SESSION_END(B.dateTime, INTERVAL '10' SECOND) as endtime
        FROM bid B
        GROUP BY B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND);
        """;

    public static readonly TimeSpan Gap = TimeSpan.FromSeconds(10);

    public static DataStream<WindowCount<long>> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .KeyBy(b => b.Bidder)
            .Window(EventTimeSessionWindows.WithGap(Gap))
            .Aggregate(new CountAggregate<Bid>(), new KeyedWindowCount<long>());
}

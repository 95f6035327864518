using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 5, hot items: the auctions with the most bids in each 10 s window sliding by 2 s. Bids are counted per
/// auction and window (sliding event-time windows, incremental count), then the counts of one window meet on the
/// key window end: a KeyedProcessFunction keeps the maximum and the auctions that reach it, and emits them when the
/// watermark passes the window (all upstream subtasks have then sent their counts of that window).
/// </summary>
public static class Query5
{
    public const string Sql = """
        SELECT AuctionBids.auction, AuctionBids.num
         FROM (
           SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime
             FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
             GROUP BY auction, window_start, window_end
         ) AS AuctionBids
         JOIN (
           SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
             FROM (
               SELECT count(*) AS num, window_start AS starttime, window_end AS endtime
               FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
               GROUP BY auction, window_start, window_end
             ) AS CountBids
             GROUP BY CountBids.starttime, CountBids.endtime
         ) AS MaxBids
         ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime AND AuctionBids.num >= MaxBids.maxn;
        """;

    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Slide = TimeSpan.FromSeconds(2);

    public static DataStream<WindowCount<long>> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .KeyBy(b => b.Auction)
            .Window(SlidingEventTimeWindows.Of(Size, Slide))
            .Aggregate(new CountAggregate<Bid>(), new KeyedWindowCount<long>())
            .KeyBy(c => c.End)
            .Process(new MaxPerWindow());

    private sealed class MaxPerWindow : KeyedProcessFunction<long, WindowCount<long>, WindowCount<long>>
    {
        private IValueState<long> _max = null!;
        private IListState<WindowCount<long>> _hottest = null!;

        public override void Open()
        {
            _max = RuntimeContext.GetState(new ValueStateDescriptor<long>("max-count"));
            _hottest = RuntimeContext.GetListState(new ListStateDescriptor<WindowCount<long>>("hottest"));
        }

        public override void ProcessElement(WindowCount<long> value, Context context, ICollector<WindowCount<long>> output)
        {
            var max = _max.Value();
            if (value.Count < max) return;
            if (value.Count > max)
            {
                _max.Update(value.Count);
                _hottest.Clear();
                context.TimerService.RegisterEventTimeTimer(value.End - 1);
            }
            _hottest.Add(value);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<WindowCount<long>> output)
        {
            foreach (var row in _hottest.Get()) output.Collect(row);
            _hottest.Clear();
            _max.Clear();
        }
    }
}

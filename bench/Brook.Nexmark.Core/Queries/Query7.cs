using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 7, highest bid: the bids with the highest price of each 10 s tumbling window. Two phases, as Flink's
/// local/global aggregation: per auction and window an incremental aggregate keeps the top price and its bids, then
/// the window's candidates meet on the key window end and the overall top ones are emitted when the watermark passes
/// the window. The SQL's BETWEEN also admits a bid at exactly the window end into the earlier window; here a window
/// is [start, end) like the TUMBLE that computes the maximum.
/// </summary>
public static class Query7
{
    public const string Sql = """
        SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra
        FROM bid B
        JOIN (
          SELECT MAX(price) AS maxprice, window_end as dateTime
          FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
          GROUP BY window_start, window_end
        ) B1
        ON B.price = B1.maxprice
        WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND and B1.dateTime;
        """;

    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    public static DataStream<HighestBid> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .KeyBy(b => b.Auction)
            .Window(TumblingEventTimeWindows.Of(Size))
            .Aggregate(new TopBids(), new TagWithWindow())
            .KeyBy(h => h.WindowEnd)
            .Process(new TopPerWindow());

    /// <summary>The top price seen and the bids that have it (window accumulator; public for state snapshots).</summary>
    public sealed class TopBidsAccumulator
    {
        public long Price { get; set; } = long.MinValue;

        public List<Bid> Bids { get; set; } = [];
    }

    private sealed class TopBids : IAggregateFunction<Bid, TopBidsAccumulator, TopBidsAccumulator>
    {
        public TopBidsAccumulator CreateAccumulator() => new();

        public TopBidsAccumulator Add(Bid value, TopBidsAccumulator accumulator)
        {
            if (value.Price < accumulator.Price) return accumulator;
            if (value.Price > accumulator.Price)
            {
                accumulator.Price = value.Price;
                accumulator.Bids.Clear();
            }
            accumulator.Bids.Add(value);
            return accumulator;
        }

        public TopBidsAccumulator GetResult(TopBidsAccumulator accumulator) => accumulator;

        public TopBidsAccumulator Merge(TopBidsAccumulator a, TopBidsAccumulator b)
        {
            foreach (var bid in b.Bids) Add(bid, a);
            return a;
        }
    }

    private sealed class TagWithWindow : ProcessWindowFunction<TopBidsAccumulator, HighestBid, long, TimeWindow>
    {
        public override void Process(long key, Context context, IEnumerable<TopBidsAccumulator> elements, ICollector<HighestBid> output)
        {
            foreach (var top in elements)
            {
                foreach (var b in top.Bids) output.Collect(new HighestBid(b.Auction, b.Price, b.Bidder, b.DateTime, b.Extra, context.Window.End));
            }
        }
    }

    private sealed class TopPerWindow : KeyedProcessFunction<long, HighestBid, HighestBid>
    {
        private IValueState<long> _max = null!;
        private IListState<HighestBid> _top = null!;

        public override void Open()
        {
            _max = RuntimeContext.GetState(new ValueStateDescriptor<long>("max-price", long.MinValue));
            _top = RuntimeContext.GetListState(new ListStateDescriptor<HighestBid>("top-bids"));
        }

        public override void ProcessElement(HighestBid value, Context context, ICollector<HighestBid> output)
        {
            var max = _max.Value();
            if (value.Price < max) return;
            if (value.Price > max)
            {
                _max.Update(value.Price);
                _top.Clear();
                context.TimerService.RegisterEventTimeTimer(value.WindowEnd - 1);
            }
            _top.Add(value);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<HighestBid> output)
        {
            foreach (var row in _top.Get()) output.Collect(row);
            _top.Clear();
            _max.Clear();
        }
    }
}

public sealed record HighestBid(long Auction, long Price, long Bidder, long DateTime, string Extra, long WindowEnd);

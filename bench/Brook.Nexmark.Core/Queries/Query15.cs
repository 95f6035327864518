using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 15, bidding statistics report: a non-windowed GROUP BY day, so an updating result; every bid updates its
/// day's counters in keyed state (distinct bidders and auctions as bit sets in map state, see
/// <see cref="PriceRankCounts"/>) and emits the day's new row (the last row per day is the answer). Keyed by day,
/// one subtask does a day's work, as Flink's plan without split distinct aggregation.
/// </summary>
public static class Query15
{
    public const string Sql = """
        SELECT
             DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
             count(*) AS total_bids,
             count(*) filter (where price < 10000) AS rank1_bids,
             count(*) filter (where price >= 10000 and price < 1000000) AS rank2_bids,
             count(*) filter (where price >= 1000000) AS rank3_bids,
             count(distinct bidder) AS total_bidders,
             count(distinct bidder) filter (where price < 10000) AS rank1_bidders,
             count(distinct bidder) filter (where price >= 10000 and price < 1000000) AS rank2_bidders,
             count(distinct bidder) filter (where price >= 1000000) AS rank3_bidders,
             count(distinct auction) AS total_auctions,
             count(distinct auction) filter (where price < 10000) AS rank1_auctions,
             count(distinct auction) filter (where price >= 10000 and price < 1000000) AS rank2_auctions,
             count(distinct auction) filter (where price >= 1000000) AS rank3_auctions
        FROM bid
        GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd');
        """;

    public static DataStream<DayStatistics> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).KeyBy(b => Query17.Day(b.DateTime)).Process(new Statistics());

    private sealed class Statistics : KeyedProcessFunction<string, Bid, DayStatistics>
    {
        private IValueState<PriceRankCounts> _counts = null!;
        private IMapState<long, int> _bidders = null!;
        private IMapState<long, int> _auctions = null!;

        public override void Open()
        {
            _counts = RuntimeContext.GetState(new ValueStateDescriptor<PriceRankCounts>("counts"));
            _bidders = RuntimeContext.GetMapState(new MapStateDescriptor<long, int>("bidders"));
            _auctions = RuntimeContext.GetMapState(new MapStateDescriptor<long, int>("auctions"));
        }

        public override void ProcessElement(Bid value, Context context, ICollector<DayStatistics> output)
        {
            var counts = _counts.Value().Add(value, _bidders, _auctions);
            _counts.Update(counts);
            output.Collect(new DayStatistics(context.CurrentKey, counts));
        }
    }
}

public sealed record DayStatistics(string Day, PriceRankCounts Counts);

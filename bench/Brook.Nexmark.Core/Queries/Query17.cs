using System.Globalization;
using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 17, auction statistics per day: a non-windowed GROUP BY (auction, day), so an updating result: every bid
/// updates its group's row in keyed state and the new row is emitted (the last row per group is the answer).
/// </summary>
public static class Query17
{
    public const string Sql = """
        SELECT auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
             count(*) AS total_bids,
             count(*) filter (where price < 10000) AS rank1_bids,
             count(*) filter (where price >= 10000 and price < 1000000) AS rank2_bids,
             count(*) filter (where price >= 1000000) AS rank3_bids,
             min(price) AS min_price, max(price) AS max_price, avg(price) AS avg_price, sum(price) AS sum_price
        FROM bid
        GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd');
        """;

    public static string Day(long dateTime) =>
        DateTimeOffset.FromUnixTimeMilliseconds(dateTime).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DataStream<AuctionDayStats> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).KeyBy(b => (b.Auction, Day(b.DateTime))).Process(new Statistics());

    public static AuctionDayStats Add(AuctionDayStats? row, Bid bid, string day)
    {
        var s = row ?? new AuctionDayStats(bid.Auction, day, 0, 0, 0, 0, long.MaxValue, long.MinValue, 0, 0);
        var total = s.TotalBids + 1;
        var sum = s.SumPrice + bid.Price;
        return s with
        {
            TotalBids = total,
            Rank1Bids = s.Rank1Bids + (bid.Price < 10_000 ? 1 : 0),
            Rank2Bids = s.Rank2Bids + (bid.Price is >= 10_000 and < 1_000_000 ? 1 : 0),
            Rank3Bids = s.Rank3Bids + (bid.Price >= 1_000_000 ? 1 : 0),
            MinPrice = Math.Min(s.MinPrice, bid.Price),
            MaxPrice = Math.Max(s.MaxPrice, bid.Price),
            AvgPrice = sum / total,
            SumPrice = sum,
        };
    }

    private sealed class Statistics : KeyedProcessFunction<(long, string), Bid, AuctionDayStats>
    {
        private IValueState<AuctionDayStats?> _row = null!;

        public override void Open() => _row = RuntimeContext.GetState(new ValueStateDescriptor<AuctionDayStats?>("row"));

        public override void ProcessElement(Bid value, Context context, ICollector<AuctionDayStats> output)
        {
            var row = Add(_row.Value(), value, context.CurrentKey.Item2);
            _row.Update(row);
            output.Collect(row);
        }
    }
}

public sealed record AuctionDayStats(long Auction, string Day, long TotalBids, long Rank1Bids, long Rank2Bids, long Rank3Bids,
    long MinPrice, long MaxPrice, long AvgPrice, long SumPrice);

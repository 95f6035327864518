using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 6, average selling price by seller: the winning bid of every closed auction (<see cref="WinningBids"/>, as
/// q4), keyed by seller; each seller keeps its last 10 winning bids by the bid's dateTime (ties by auction id) in
/// list state and emits their average on every closed auction (an updating result; the last row per seller is the
/// answer). Nexmark's SQL frames the average over <c>ROWS BETWEEN 10 PRECEDING AND CURRENT ROW</c> (11 rows) and
/// Flink SQL cannot run it (its OVER window cannot consume the join's retractions); the query's description and
/// Beam's Query6 average the last 10, which is what this does. AVG over BIGINT truncates as in Flink SQL.
/// </summary>
public static class Query6
{
    public const string Sql = """
        SELECT
            Q.seller,
            AVG(Q.final) OVER
                (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
        FROM (
            SELECT MAX(B.price) AS final, A.seller, B.dateTime
            FROM auction AS A, bid AS B
            WHERE A.id = B.auction and B.dateTime between A.dateTime and A.expires
            GROUP BY A.id, A.seller
        ) AS Q;
        """;

    public const int LastWinners = 10;

    public static DataStream<SellerAverage> Build(DataStream<Event> events) =>
        WinningBids.Build(events)
            .Map(w => new SellerWin(w.Auction.Seller, w.Auction.Id, w.Bid.Price, w.Bid.DateTime))
            .KeyBy(w => w.Seller)
            .Process(new LastTenAverage());

    /// <summary>Orders a seller's wins by the winning bid's time, then auction id (the latest last).</summary>
    public static int Compare(SellerWin a, SellerWin b)
    {
        var byTime = a.DateTime.CompareTo(b.DateTime);
        return byTime != 0 ? byTime : a.Auction.CompareTo(b.Auction);
    }

    private sealed class LastTenAverage : KeyedProcessFunction<long, SellerWin, SellerAverage>
    {
        private IListState<SellerWin> _last = null!;

        public override void Open() => _last = RuntimeContext.GetListState(new ListStateDescriptor<SellerWin>("last-winning-bids"));

        public override void ProcessElement(SellerWin value, Context context, ICollector<SellerAverage> output)
        {
            var wins = _last.Get().Append(value).ToList();
            wins.Sort(Compare);
            if (wins.Count > LastWinners) wins.RemoveRange(0, wins.Count - LastWinners);
            _last.Update(wins);
            output.Collect(new SellerAverage(value.Seller, wins.Sum(w => w.Price) / wins.Count));
        }
    }
}

/// <summary>A closed auction of a seller with its winning price and the winning bid's time.</summary>
public sealed record SellerWin(long Seller, long Auction, long Price, long DateTime);

public sealed record SellerAverage(long Seller, long AveragePrice);

using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 19, the ten highest bids of each auction: a Top-N on keyed state (keyed by auction). A bid that enters the
/// auction's top ten is emitted; Flink's updating result would also retract the row it pushes out, which a
/// DataStream of rows cannot say, so the top ten at any time are the ten highest rows emitted so far for the auction.
/// </summary>
public static class Query19
{
    public const string Sql = """
        SELECT * FROM
        (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)
        WHERE rank_number <= 10;
        """;

    public const int N = 10;

    public static DataStream<Bid> Build(DataStream<Event> events) => NexmarkStreams.Bids(events).KeyBy(b => b.Auction).Process(new TopN());

    private sealed class TopN : KeyedProcessFunction<long, Bid, Bid>
    {
        private IValueState<List<long>?> _prices = null!;

        public override void Open() => _prices = RuntimeContext.GetState(new ValueStateDescriptor<List<long>?>("top-prices"));

        public override void ProcessElement(Bid value, Context context, ICollector<Bid> output)
        {
            // Only the prices are kept: whether a new bid enters the top N depends on them alone.
            var prices = _prices.Value() ?? new List<long>(N + 1);
            if (prices.Count == N && value.Price <= prices[^1]) return;
            var at = prices.FindIndex(p => p < value.Price);
            prices.Insert(at < 0 ? prices.Count : at, value.Price);
            if (prices.Count > N) prices.RemoveAt(N);
            _prices.Update(prices);
            output.Collect(value);
        }
    }
}

using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 18, the last bid of each bidder on each auction: a deduplication keeping the latest row per (bidder,
/// auction); a bid that becomes the latest is emitted (the updating result; the last row per key is the answer).
/// </summary>
public static class Query18
{
    public const string Sql = """
        SELECT auction, bidder, price, channel, url, dateTime, extra
         FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number
               FROM bid)
         WHERE rank_number <= 1;
        """;

    public static DataStream<Bid> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).KeyBy(b => (b.Bidder, b.Auction)).Process(new LastBid());

    private sealed class LastBid : KeyedProcessFunction<(long, long), Bid, Bid>
    {
        private IValueState<long> _latest = null!;

        public override void Open() => _latest = RuntimeContext.GetState(new ValueStateDescriptor<long>("latest-time", long.MinValue));

        public override void ProcessElement(Bid value, Context context, ICollector<Bid> output)
        {
            if (value.DateTime < _latest.Value()) return;
            _latest.Update(value.DateTime);
            output.Collect(value);
        }
    }
}

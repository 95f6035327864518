using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 20, expand bids with their auction, for auctions of category 10: an unbounded inner join on keyed state
/// (keyed by auction id). The auction's category is kept for every auction (the whole auction only for category
/// 10), so bids on other categories are dropped at once; bids that come before their auction wait for it.
/// </summary>
public static class Query20
{
    public const string Sql = """
        SELECT auction, bidder, price, channel, url, B.dateTime, B.extra,
            itemName, description, initialBid, reserve, A.dateTime, expires, seller, category, A.extra
        FROM bid AS B INNER JOIN auction AS A on B.auction = A.id
        WHERE A.category = 10;
        """;

    public static DataStream<ExpandedBid> Build(DataStream<Event> events) =>
        NexmarkStreams.Auctions(events).Connect(NexmarkStreams.Bids(events)).KeyBy(a => a.Id, b => b.Auction).Process(new Join());

    private sealed class Join : KeyedCoProcessFunction<long, Auction, Bid, ExpandedBid>
    {
        private IValueState<long> _category = null!;
        private IValueState<Auction?> _auction = null!;
        private IListState<Bid> _waiting = null!;

        public override void Open()
        {
            _category = RuntimeContext.GetState(new ValueStateDescriptor<long>("category", -1));
            _auction = RuntimeContext.GetState(new ValueStateDescriptor<Auction?>("auction"));
            _waiting = RuntimeContext.GetListState(new ListStateDescriptor<Bid>("waiting-bids"));
        }

        public override void ProcessElement1(Auction auction, Context context, ICollector<ExpandedBid> output)
        {
            _category.Update(auction.Category);
            if (auction.Category == 10)
            {
                _auction.Update(auction);
                foreach (var bid in _waiting.Get()) output.Collect(new ExpandedBid(bid, auction));
            }
            _waiting.Clear();
        }

        public override void ProcessElement2(Bid bid, Context context, ICollector<ExpandedBid> output)
        {
            var category = _category.Value();
            if (category == -1) _waiting.Add(bid);
            else if (category == 10) output.Collect(new ExpandedBid(bid, _auction.Value()!));
        }
    }
}

public sealed record ExpandedBid(Bid Bid, Auction Auction);

using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// The auction ⋈ bid join of queries 4 and 9 (Nexmark's WinningBids): per auction, the highest bid (earliest on
/// equal prices) with A.dateTime ≤ B.dateTime ≤ A.expires, emitted once when the watermark passes the auction's
/// expiry. Keyed by auction id on a KeyedCoProcessFunction: bids that arrive before their auction wait in list state
/// until the watermark passes their own time (then no auction that could match them can arrive any more).
/// </summary>
public static class WinningBids
{
    public static DataStream<AuctionWinner> Build(DataStream<Event> events) =>
        NexmarkStreams.Auctions(events).Connect(NexmarkStreams.Bids(events)).KeyBy(a => a.Id, b => b.Auction).Process(new Join());

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="best"/>: higher price, then earlier.</summary>
    public static bool Beats(Bid candidate, Bid? best) =>
        best is null || candidate.Price > best.Price || (candidate.Price == best.Price && candidate.DateTime < best.DateTime);

    public static bool Matches(Auction auction, Bid bid) => bid.DateTime >= auction.DateTime && bid.DateTime <= auction.Expires;

    private sealed class Join : KeyedCoProcessFunction<long, Auction, Bid, AuctionWinner>
    {
        private IValueState<Auction?> _auction = null!;
        private IValueState<Bid?> _best = null!;
        private IListState<Bid> _early = null!;

        public override void Open()
        {
            _auction = RuntimeContext.GetState(new ValueStateDescriptor<Auction?>("auction"));
            _best = RuntimeContext.GetState(new ValueStateDescriptor<Bid?>("best-bid"));
            _early = RuntimeContext.GetListState(new ListStateDescriptor<Bid>("early-bids"));
        }

        public override void ProcessElement1(Auction auction, Context context, ICollector<AuctionWinner> output)
        {
            _auction.Update(auction);
            var best = (Bid?)null;
            foreach (var bid in _early.Get())
            {
                if (Matches(auction, bid) && Beats(bid, best)) best = bid;
            }
            _early.Clear();
            if (best is not null) _best.Update(best);
            context.TimerService.RegisterEventTimeTimer(auction.Expires);
        }

        public override void ProcessElement2(Bid bid, Context context, ICollector<AuctionWinner> output)
        {
            if (_auction.Value() is { } auction)
            {
                if (Matches(auction, bid) && Beats(bid, _best.Value())) _best.Update(bid);
                return;
            }
            _early.Add(bid);
            context.TimerService.RegisterEventTimeTimer(bid.DateTime);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<AuctionWinner> output)
        {
            if (_auction.Value() is { } auction)
            {
                if (timestamp < auction.Expires) return;
                if (_best.Value() is { } best) output.Collect(new AuctionWinner(auction, best));
                _auction.Clear();
                _best.Clear();
                _early.Clear();
                return;
            }
            // No auction at or before this time can still arrive, so waiting bids up to it can never match.
            var keep = _early.Get().Where(b => b.DateTime > timestamp).ToList();
            if (keep.Count == 0) _early.Clear();
            else _early.Update(keep);
        }
    }
}

public sealed record AuctionWinner(Auction Auction, Bid Bid);

using Brook.Nexmark.Model;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// The counters of queries 15 and 16: bids, distinct bidders and distinct auctions, in total and per price rank
/// (rank 1: price &lt; 10 000, rank 2: 10 000 ≤ price &lt; 1 000 000, rank 3: price ≥ 1 000 000).
/// </summary>
public readonly record struct PriceRankCounts(
    long TotalBids, long Rank1Bids, long Rank2Bids, long Rank3Bids,
    long TotalBidders, long Rank1Bidders, long Rank2Bidders, long Rank3Bidders,
    long TotalAuctions, long Rank1Auctions, long Rank2Auctions, long Rank3Auctions)
{
    public static int RankOf(long price) => price < 10_000 ? 1 : price < 1_000_000 ? 2 : 3;

    /// <summary>
    /// Counts the bid. The distinct counts keep, per bidder and per auction, a bit set of where it was seen (bit 0:
    /// at all, bit r: in rank r) in map state, so COUNT(DISTINCT ...) FILTER (...) is one map lookup per column group.
    /// </summary>
    public PriceRankCounts Add(Bid bid, IMapState<long, int> bidders, IMapState<long, int> auctions)
    {
        var rank = RankOf(bid.Price);
        var newBidder = Mark(bidders, bid.Bidder, rank);
        var newAuction = Mark(auctions, bid.Auction, rank);
        return this with
        {
            TotalBids = TotalBids + 1,
            Rank1Bids = Rank1Bids + (rank == 1 ? 1 : 0),
            Rank2Bids = Rank2Bids + (rank == 2 ? 1 : 0),
            Rank3Bids = Rank3Bids + (rank == 3 ? 1 : 0),
            TotalBidders = TotalBidders + (newBidder & 1),
            Rank1Bidders = Rank1Bidders + ((newBidder >> 1) & 1),
            Rank2Bidders = Rank2Bidders + ((newBidder >> 2) & 1),
            Rank3Bidders = Rank3Bidders + ((newBidder >> 3) & 1),
            TotalAuctions = TotalAuctions + (newAuction & 1),
            Rank1Auctions = Rank1Auctions + ((newAuction >> 1) & 1),
            Rank2Auctions = Rank2Auctions + ((newAuction >> 2) & 1),
            Rank3Auctions = Rank3Auctions + ((newAuction >> 3) & 1),
        };
    }

    /// <summary>The counts of a group of bids at once (the LINQ reference of the tests).</summary>
    public static PriceRankCounts Of(IReadOnlyCollection<Bid> bids)
    {
        long Bids(int rank) => bids.Count(b => RankOf(b.Price) == rank);
        long Distinct(Func<Bid, long> field, int rank) => bids.Where(b => rank == 0 || RankOf(b.Price) == rank).Select(field).Distinct().Count();
        return new PriceRankCounts(bids.Count, Bids(1), Bids(2), Bids(3),
            Distinct(b => b.Bidder, 0), Distinct(b => b.Bidder, 1), Distinct(b => b.Bidder, 2), Distinct(b => b.Bidder, 3),
            Distinct(b => b.Auction, 0), Distinct(b => b.Auction, 1), Distinct(b => b.Auction, 2), Distinct(b => b.Auction, 3));
    }

    /// <summary>Marks the value as seen at all and in the rank; the bits that were new.</summary>
    private static int Mark(IMapState<long, int> seen, long value, int rank)
    {
        var before = seen.TryGet(value, out var bits) ? bits : 0;
        var after = before | 1 | (1 << rank);
        if (after != before) seen.Put(value, after);
        return after & ~before;
    }
}

using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 2, selection: the bids on a set of auctions.</summary>
public static class Query2
{
    public const string Sql = "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;";

    public static DataStream<(long Auction, long Price)> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).Filter(b => b.Auction % 123 == 0).Map(b => (b.Auction, b.Price));
}

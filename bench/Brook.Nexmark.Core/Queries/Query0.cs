using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 0, pass-through: the cost of reading, projecting and writing the bids.</summary>
public static class Query0
{
    public const string Sql = "SELECT auction, bidder, price, dateTime, extra FROM bid;";

    public static DataStream<BidRow> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).Map(b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra));
}

public sealed record BidRow(long Auction, long Bidder, long Price, long DateTime, string Extra);

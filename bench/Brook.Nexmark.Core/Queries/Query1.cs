using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 1, currency conversion: bid prices from dollars to euros.</summary>
public static class Query1
{
    public const string Sql = "SELECT auction, bidder, 0.908 * price as price, dateTime, extra FROM bid;";

    public static DataStream<EuroBid> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).Map(b => new EuroBid(b.Auction, b.Bidder, ToEuro(b.Price), b.DateTime, b.Extra));

    public static double ToEuro(long dollars) => 0.908 * dollars;
}

public sealed record EuroBid(long Auction, long Bidder, double Price, long DateTime, string Extra);

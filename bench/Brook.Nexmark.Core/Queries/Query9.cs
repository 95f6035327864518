using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 9, winning bids: each auction with its winning bid (<see cref="WinningBids"/>).</summary>
public static class Query9
{
    public const string Sql = """
        SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra,
               auction, bidder, price, bidDateTime, bidExtra
        FROM (
          SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bidDateTime, B.extra AS bidExtra,
            ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) AS rownum
          FROM auction A, bid B
          WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
        )
        WHERE rownum <= 1;
        """;

    public static DataStream<AuctionWinner> Build(DataStream<Event> events) => WinningBids.Build(events);
}

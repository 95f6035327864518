using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 14, calculation: a filter on the converted price, a CASE on the hour (UTC) and a user function counting 'c's.</summary>
public static class Query14
{
    public const string Sql = """
        SELECT auction, bidder, 0.908 * price as price,
            CASE
                WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
                WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
                ELSE 'otherTime'
            END AS bidTimeType,
            dateTime, extra, count_char(extra, 'c') AS c_counts
        FROM bid
        WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;
        """;

    public static DataStream<Calculated> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .Filter(b => Selected(Query1.ToEuro(b.Price)))
            .Map(b => new Calculated(b.Auction, b.Bidder, Query1.ToEuro(b.Price), BidTimeType(b.DateTime), b.DateTime, b.Extra, CountChar(b.Extra, 'c')));

    public static bool Selected(double euros) => euros > 1_000_000 && euros < 50_000_000;

    public static string BidTimeType(long dateTime)
    {
        var hour = (int)(dateTime / 3_600_000 % 24 + 24) % 24;
        return hour is >= 8 and <= 18 ? "dayTime" : hour is <= 6 or >= 20 ? "nightTime" : "otherTime";
    }

    public static long CountChar(string s, char c) => s.AsSpan().Count(c);
}

public sealed record Calculated(long Auction, long Bidder, double Price, string BidTimeType, long DateTime, string Extra, long CCounts);

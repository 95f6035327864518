using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 22, URL directories: three path segments of each bid's URL (SPLIT_INDEX, null when absent).</summary>
public static class Query22
{
    public const string Sql = """
        SELECT auction, bidder, price, channel,
            SPLIT_INDEX(url, '/', 3) as dir1,
            SPLIT_INDEX(url, '/', 4) as dir2,
            SPLIT_INDEX(url, '/', 5) as dir3 FROM bid;
        """;

    public static DataStream<UrlDirectories> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).Map(b =>
        {
            var parts = b.Url.Split('/');
            return new UrlDirectories(b.Auction, b.Bidder, b.Price, b.Channel, At(parts, 3), At(parts, 4), At(parts, 5));
        });

    private static string? At(string[] parts, int index) => index < parts.Length ? parts[index] : null;
}

public sealed record UrlDirectories(long Auction, long Bidder, long Price, string Channel, string? Dir1, string? Dir2, string? Dir3);

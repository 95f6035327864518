using System.Text.RegularExpressions;
using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>Query 21, add a channel id: a CASE on the channel and a regular expression on the URL.</summary>
public static partial class Query21
{
    public const string Sql = """
        SELECT auction, bidder, price, channel,
            CASE
                WHEN lower(channel) = 'apple' THEN '0'
                WHEN lower(channel) = 'google' THEN '1'
                WHEN lower(channel) = 'facebook' THEN '2'
                WHEN lower(channel) = 'baidu' THEN '3'
                ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)
                END
            AS channel_id FROM bid
            where REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) is not null or
                  lower(channel) in ('apple', 'google', 'facebook', 'baidu');
        """;

    [GeneratedRegex("(&|^)channel_id=([^&]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelIdPattern();

    public static string? ExtractChannelId(string url) => ChannelIdPattern().Match(url) is { Success: true } m ? m.Groups[2].Value : null;

    public static string? ChannelId(Bid b) => b.Channel.ToLowerInvariant() switch
    {
        "apple" => "0",
        "google" => "1",
        "facebook" => "2",
        "baidu" => "3",
        _ => ExtractChannelId(b.Url),
    };

    public static DataStream<ChannelBid> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events)
            .Map(b => new ChannelBid(b.Auction, b.Bidder, b.Price, b.Channel, ChannelId(b)))
            .Filter(c => c.ChannelId is not null);
}

public sealed record ChannelBid(long Auction, long Bidder, long Price, string Channel, string? ChannelId);

using System.Globalization;
using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 16, channel statistics report: q15 per (channel, day), plus the latest minute (<c>max(HH:mm)</c>) of the
/// group's bids; an updating result, the last row per (channel, day) is the answer.
/// </summary>
public static class Query16
{
    public const string Sql = """
        SELECT
            channel,
            DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
            max(DATE_FORMAT(dateTime, 'HH:mm')) as `minute`,
            count(*) AS total_bids,
            count(*) filter (where price < 10000) AS rank1_bids,
            count(*) filter (where price >= 10000 and price < 1000000) AS rank2_bids,
            count(*) filter (where price >= 1000000) AS rank3_bids,
            count(distinct bidder) AS total_bidders,
            count(distinct bidder) filter (where price < 10000) AS rank1_bidders,
            count(distinct bidder) filter (where price >= 10000 and price < 1000000) AS rank2_bidders,
            count(distinct bidder) filter (where price >= 1000000) AS rank3_bidders,
            count(distinct auction) AS total_auctions,
            count(distinct auction) filter (where price < 10000) AS rank1_auctions,
            count(distinct auction) filter (where price >= 10000 and price < 1000000) AS rank2_auctions,
            count(distinct auction) filter (where price >= 1000000) AS rank3_auctions
        FROM bid
        GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd');
        """;

    public static string Minute(long dateTime) =>
        DateTimeOffset.FromUnixTimeMilliseconds(dateTime).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static DataStream<ChannelDayStatistics> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).KeyBy(b => (b.Channel, Query17.Day(b.DateTime))).Process(new Statistics());

    private sealed class Statistics : KeyedProcessFunction<(string Channel, string Day), Bid, ChannelDayStatistics>
    {
        private IValueState<(PriceRankCounts Counts, string? Minute)> _row = null!;
        private IMapState<long, int> _bidders = null!;
        private IMapState<long, int> _auctions = null!;

        public override void Open()
        {
            _row = RuntimeContext.GetState(new ValueStateDescriptor<(PriceRankCounts, string?)>("counts"));
            _bidders = RuntimeContext.GetMapState(new MapStateDescriptor<long, int>("bidders"));
            _auctions = RuntimeContext.GetMapState(new MapStateDescriptor<long, int>("auctions"));
        }

        public override void ProcessElement(Bid value, Context context, ICollector<ChannelDayStatistics> output)
        {
            var (counts, minute) = _row.Value();
            counts = counts.Add(value, _bidders, _auctions);
            var bidMinute = Minute(value.DateTime);
            if (minute is null || string.CompareOrdinal(bidMinute, minute) > 0) minute = bidMinute;
            _row.Update((counts, minute));
            output.Collect(new ChannelDayStatistics(context.CurrentKey.Channel, context.CurrentKey.Day, minute, counts));
        }
    }
}

public sealed record ChannelDayStatistics(string Channel, string Day, string Minute, PriceRankCounts Counts);

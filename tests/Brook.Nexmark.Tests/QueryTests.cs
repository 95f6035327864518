using Brook.Nexmark.Model;
using Brook.Nexmark.Queries;

namespace Brook.Nexmark.Tests;

/// <summary>
/// Every query's output on the small generated stream (parallelism 2) equals a straightforward LINQ evaluation of
/// its SQL over the same events; windowed queries are compared window by window, updating queries by their last row
/// per key.
/// </summary>
public sealed class QueryTests
{
    private static IEnumerable<Bid> Bids => NexmarkTestStream.Bids;

    private static void SameRows<T>(IEnumerable<T> expected, IEnumerable<T> actual)
    {
        var e = expected.Select(x => x!.ToString()).Order(StringComparer.Ordinal).ToList();
        var a = actual.Select(x => x!.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(e);
        Assert.Equal(e.Count, a.Count);
        Assert.Equal(e, a);
    }

    [Fact]
    public async Task Q0_passes_every_bid_through()
    {
        var rows = await NexmarkTestStream.RunAsync(Query0.Build);
        SameRows(Bids.Select(b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra)), rows);
    }

    [Fact]
    public async Task Q1_converts_prices_to_euros()
    {
        var rows = await NexmarkTestStream.RunAsync(Query1.Build);
        SameRows(Bids.Select(b => new EuroBid(b.Auction, b.Bidder, 0.908 * b.Price, b.DateTime, b.Extra)), rows);
    }

    [Fact]
    public async Task Q2_selects_the_bids_on_every_123rd_auction()
    {
        var rows = await NexmarkTestStream.RunAsync(Query2.Build);
        SameRows(Bids.Where(b => b.Auction % 123 == 0).Select(b => (b.Auction, b.Price)), rows);
    }

    [Fact]
    public async Task Q3_joins_category_10_auctions_with_their_sellers_in_OR_ID_CA()
    {
        var rows = await NexmarkTestStream.RunAsync(Query3.Build);
        var expected =
            from a in NexmarkTestStream.Auctions
            join p in NexmarkTestStream.Persons on a.Seller equals p.Id
            where a.Category == 10 && (p.State == "OR" || p.State == "ID" || p.State == "CA")
            select new LocalItem(p.Name, p.City, p.State, a.Id);
        SameRows(expected, rows);
    }

    private static IEnumerable<(Auction Auction, Bid Winner)> ReferenceWinners() =>
        from a in NexmarkTestStream.Auctions
        join b in Bids on a.Id equals b.Auction
        where b.DateTime >= a.DateTime && b.DateTime <= a.Expires
        group b by a into g
        select (g.Key, g.OrderByDescending(b => b.Price).ThenBy(b => b.DateTime).First());

    [Fact]
    public async Task Q9_finds_each_auctions_winning_bid()
    {
        var rows = await NexmarkTestStream.RunAsync(Query9.Build);
        // Ties on price and time are broken arbitrarily by the SQL too, so the winner is compared by (price, time).
        SameRows(ReferenceWinners().Select(w => (w.Auction.Id, w.Winner.Price, w.Winner.DateTime)),
            rows.Select(w => (w.Auction.Id, w.Bid.Price, w.Bid.DateTime)));
    }

    [Fact]
    public async Task Q4_averages_the_winning_prices_per_category()
    {
        var rows = await NexmarkTestStream.RunAsync(Query4.Build);
        var expected = ReferenceWinners().GroupBy(w => w.Auction.Category)
            .Select(g => new CategoryAverage(g.Key, g.Sum(w => w.Winner.Price) / g.Count()));
        // An updating result: one row per closed auction, the last row per category is the answer.
        Assert.Equal(ReferenceWinners().Count(), rows.Count);
        SameRows(expected, rows.GroupBy(r => r.Category).Select(g => g.Last()));
    }

    [Fact]
    public async Task Q5_finds_the_auctions_with_most_bids_per_sliding_window()
    {
        var rows = await NexmarkTestStream.RunAsync(Query5.Build);
        var counts =
            from b in Bids
            from start in SlidingStarts(b.DateTime, 10_000, 2_000)
            group b by (b.Auction, Start: start) into g
            select new WindowCount<long>(g.Key.Auction, g.Count(), g.Key.Start, g.Key.Start + 10_000);
        var expected = counts.GroupBy(c => c.Start).SelectMany(w =>
        {
            var max = w.Max(x => x.Count);
            return w.Where(c => c.Count == max);
        });
        SameRows(expected, rows);
    }

    private static IEnumerable<long> SlidingStarts(long timestamp, long size, long slide)
    {
        var last = timestamp - (timestamp % slide + slide) % slide;
        for (var start = last; start > timestamp - size; start -= slide) yield return start;
    }

    [Fact]
    public async Task Q7_finds_the_highest_bids_per_tumbling_window()
    {
        var rows = await NexmarkTestStream.RunAsync(Query7.Build);
        var expected = Bids.GroupBy(b => b.DateTime - b.DateTime % 10_000)
            .SelectMany(w =>
            {
                var max = w.Max(x => x.Price);
                return w.Where(b => b.Price == max).Select(b => new HighestBid(b.Auction, b.Price, b.Bidder, b.DateTime, b.Extra, w.Key + 10_000));
            });
        SameRows(expected, rows);
    }

    [Fact]
    public async Task Q8_finds_persons_who_opened_an_auction_in_the_window_they_registered()
    {
        var rows = await NexmarkTestStream.RunAsync(Query8.Build);
        var sellersPerWindow = NexmarkTestStream.Auctions.Select(a => (a.Seller, Start: a.DateTime - a.DateTime % 10_000)).ToHashSet();
        var expected =
            from p in NexmarkTestStream.Persons
            let start = p.DateTime - p.DateTime % 10_000
            where sellersPerWindow.Contains((p.Id, start))
            select new NewUser(p.Id, p.Name, start);
        SameRows(expected, rows);
    }

    [Fact]
    public async Task Q11_counts_bids_per_bidder_session()
    {
        var rows = await NexmarkTestStream.RunAsync(Query11.Build);
        var expected = new List<WindowCount<long>>();
        foreach (var bidder in Bids.GroupBy(b => b.Bidder))
        {
            var times = bidder.Select(b => b.DateTime).Order().ToList();
            var (start, last, count) = (times[0], times[0], 0L);
            foreach (var t in times)
            {
                if (t >= last + 10_000)
                {
                    expected.Add(new WindowCount<long>(bidder.Key, count, start, last + 10_000));
                    (start, count) = (t, 0);
                }
                last = t;
                count++;
            }
            expected.Add(new WindowCount<long>(bidder.Key, count, start, last + 10_000));
        }
        SameRows(expected, rows);
    }

    [Fact]
    public async Task Q12_counts_every_bid_of_every_bidder_in_processing_time_windows()
    {
        var rows = await NexmarkTestStream.RunAsync(Query12.Build);
        // Processing-time windows depend on when records arrive, so the totals per bidder are compared.
        SameRows(Bids.GroupBy(b => b.Bidder).Select(g => (g.Key, (long)g.Count())),
            rows.GroupBy(r => r.Key).Select(g => (g.Key, g.Sum(r => r.Count))));
        Assert.All(rows, r => Assert.Equal(10_000, r.End - r.Start));
    }

    [Fact]
    public async Task Q14_filters_converts_and_classifies_bids()
    {
        var rows = await NexmarkTestStream.RunAsync(Query14.Build);
        var expected =
            from b in Bids
            let euros = 0.908 * b.Price
            where euros > 1_000_000 && euros < 50_000_000
            let hour = DateTimeOffset.FromUnixTimeMilliseconds(b.DateTime).UtcDateTime.Hour
            let type = hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime"
            select new Calculated(b.Auction, b.Bidder, euros, type, b.DateTime, b.Extra, b.Extra.Count(c => c == 'c'));
        SameRows(expected, rows);
    }

    [Fact]
    public async Task Q17_keeps_per_auction_and_day_statistics()
    {
        var rows = await NexmarkTestStream.RunAsync(Query17.Build);
        var expected =
            from b in Bids
            group b by (b.Auction, Day: DateTimeOffset.FromUnixTimeMilliseconds(b.DateTime).UtcDateTime.ToString("yyyy-MM-dd")) into g
            select new AuctionDayStats(g.Key.Auction, g.Key.Day, g.Count(), g.Count(b => b.Price < 10_000),
                g.Count(b => b.Price >= 10_000 && b.Price < 1_000_000), g.Count(b => b.Price >= 1_000_000),
                g.Min(b => b.Price), g.Max(b => b.Price), g.Sum(b => b.Price) / g.Count(), g.Sum(b => b.Price));
        SameRows(expected, rows.GroupBy(r => (r.Auction, r.Day)).Select(g => g.Last()));
    }

    [Fact]
    public async Task Q18_keeps_the_last_bid_per_bidder_and_auction()
    {
        var rows = await NexmarkTestStream.RunAsync(Query18.Build);
        SameRows(Bids.GroupBy(b => (b.Bidder, b.Auction)).Select(g => (g.Key, g.Max(b => b.DateTime))),
            rows.GroupBy(b => (b.Bidder, b.Auction)).Select(g => (g.Key, g.Last().DateTime)));
    }

    [Fact]
    public async Task Q20_expands_bids_on_category_10_auctions()
    {
        var rows = await NexmarkTestStream.RunAsync(Query20.Build);
        var expected =
            from b in Bids
            join a in NexmarkTestStream.Auctions on b.Auction equals a.Id
            where a.Category == 10
            select new ExpandedBid(b, a);
        SameRows(expected, rows);
    }

    [Fact]
    public async Task Q21_extracts_channel_ids()
    {
        var rows = await NexmarkTestStream.RunAsync(Query21.Build);
        var expected =
            from b in Bids
            let fromUrl = System.Text.RegularExpressions.Regex.Match(b.Url, "(&|^)channel_id=([^&]*)")
            let id = b.Channel.ToLowerInvariant() switch
            {
                "apple" => "0",
                "google" => "1",
                "facebook" => "2",
                "baidu" => "3",
                _ => fromUrl.Success ? fromUrl.Groups[2].Value : null,
            }
            where id is not null
            select new ChannelBid(b.Auction, b.Bidder, b.Price, b.Channel, id);
        SameRows(expected, rows);
        Assert.Contains(rows, r => r.Channel.StartsWith("channel-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Q22_splits_urls_into_directories()
    {
        var rows = await NexmarkTestStream.RunAsync(Query22.Build);
        SameRows(Bids.Select(b => b.Url.Split('/')).Zip(Bids, (p, b) => new UrlDirectories(b.Auction, b.Bidder, b.Price, b.Channel, p[3], p[4], p[5])), rows);
    }

    [Fact]
    public async Task Q19_emits_every_bid_that_enters_its_auctions_top_ten()
    {
        var rows = await NexmarkTestStream.RunAsync(Query19.Build);
        // The top ten prices per auction at the end are the ten highest emitted.
        SameRows(Bids.GroupBy(b => b.Auction).Select(g => (g.Key, string.Join(",", g.Select(b => b.Price).OrderDescending().Take(10)))),
            rows.GroupBy(b => b.Auction).Select(g => (g.Key, string.Join(",", g.Select(b => b.Price).OrderDescending().Take(10)))));
        // Which bids enter a top ten on their way depends on arrival order; it is never more than all, never fewer than the final ten.
        Assert.InRange(rows.Count, Bids.GroupBy(b => b.Auction).Sum(g => Math.Min(10, g.Count())), Bids.Count() - 1);
    }

    [Fact]
    public async Task Q6_averages_each_sellers_last_ten_winning_prices()
    {
        var rows = await NexmarkTestStream.RunAsync(Query6.Build);
        var expected = ReferenceWinners()
            .Select(w => new SellerWin(w.Auction.Seller, w.Auction.Id, w.Winner.Price, w.Winner.DateTime))
            .GroupBy(w => w.Seller)
            .Select(g => g.OrderByDescending(w => w.DateTime).ThenByDescending(w => w.Auction).Take(Query6.LastWinners).ToList())
            .Select(last => new SellerAverage(last[0].Seller, last.Sum(w => w.Price) / last.Count));
        // An updating result: one row per closed auction, the last row per seller is the answer.
        Assert.Equal(ReferenceWinners().Count(), rows.Count);
        SameRows(expected, rows.GroupBy(r => r.Seller).Select(g => g.Last()));
        Assert.Contains(ReferenceWinners().GroupBy(w => w.Auction.Seller), g => g.Count() > Query6.LastWinners);
    }

    [Fact]
    public async Task Q10_logs_every_bid_as_csv_into_its_date_and_minute_partition()
    {
        var output = Directory.CreateTempSubdirectory("brook-nexmark-q10").FullName;
        try
        {
            var (status, failure) = await NexmarkTestStream.RunJobAsync(
                events => Query10.Build(events).SinkTo(Query10.Sink(output)), checkpointInterval: TimeSpan.FromMilliseconds(200));
            Assert.True(status == Brook.Core.States.JobStatus.FINISHED, $"The job ended {status}: {failure}");
            // Committed part files only (in-progress ones are hidden, starting with a dot).
            var written =
                from file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                where !Path.GetFileName(file).StartsWith('.')
                let partition = Path.GetRelativePath(output, Path.GetDirectoryName(file)!).Replace('\\', '/')
                from line in File.ReadLines(file)
                select partition + " " + line;
            var expected = Bids.Select(b => Query10.Partition(b.DateTime) + " " +
                $"{b.Auction},{b.Bidder},{b.Price},{DateTimeOffset.FromUnixTimeMilliseconds(b.DateTime).UtcDateTime:yyyy-MM-dd HH:mm:ss.fff},{b.Extra}");
            SameRows(expected, written);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Q13_joins_every_bid_with_its_side_input_row()
    {
        var rows = await NexmarkTestStream.RunAsync(Query13.Build);
        var expected =
            from b in Bids
            join s in Query13.SideInput on b.Auction % 10_000 equals s.Key
            select new EnrichedBid(b.Auction, b.Bidder, b.Price, b.DateTime, s.Value);
        SameRows(expected, rows);
    }

    private static string Day(long dateTime) => DateTimeOffset.FromUnixTimeMilliseconds(dateTime).UtcDateTime.ToString("yyyy-MM-dd");

    [Fact]
    public async Task Q15_reports_bids_and_distinct_bidders_and_auctions_per_day_and_price_rank()
    {
        var rows = await NexmarkTestStream.RunAsync(Query15.Build);
        var expected = Bids.GroupBy(b => Day(b.DateTime)).Select(g => new DayStatistics(g.Key, PriceRankCounts.Of(g.ToList())));
        Assert.Equal(Bids.Count(), rows.Count);
        SameRows(expected, rows.GroupBy(r => r.Day).Select(g => g.Last()));
        // Every rank has bids on the test stream, so each filtered distinct count is exercised.
        Assert.All(expected, r => Assert.True(r.Counts.Rank1Bidders > 0 && r.Counts.Rank2Bidders > 0 && r.Counts.Rank3Auctions > 0, r.ToString()));
    }

    [Fact]
    public async Task Q16_reports_the_statistics_per_channel_and_day_with_the_latest_minute()
    {
        var rows = await NexmarkTestStream.RunAsync(Query16.Build);
        var expected = Bids.GroupBy(b => (b.Channel, Day: Day(b.DateTime)))
            .Select(g => new ChannelDayStatistics(g.Key.Channel, g.Key.Day, g.Select(b => Query16.Minute(b.DateTime)).Max(StringComparer.Ordinal)!,
                PriceRankCounts.Of(g.ToList())));
        SameRows(expected, rows.GroupBy(r => (r.Channel, r.Day)).Select(g => g.Last()));
        Assert.Contains(expected, r => r.Counts.TotalBidders > 1 && r.Counts.TotalBidders < r.Counts.TotalBids);
    }
}

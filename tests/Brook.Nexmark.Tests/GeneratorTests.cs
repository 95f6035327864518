using Brook.Nexmark.Generator;
using Brook.Nexmark.Model;

namespace Brook.Nexmark.Tests;

/// <summary>The generator: Java's random numbers, Nexmark's proportions and id spaces, determinism, event-time spacing.</summary>
public sealed class GeneratorTests
{
    private static readonly GeneratorConfig Config = new() { MaxEvents = 50_000, NumEventGenerators = 2, FirstEventRate = 1000, OutOfOrderGroupSize = 20 };

    [Fact]
    public void JavaRandom_gives_java_util_Random_numbers()
    {
        // Values printed by java.util.Random(1234) with the same calls in the same order.
        var random = new JavaRandom(1234);
        Assert.Equal(10, random.NextInt(13));
        Assert.Equal(23, random.NextInt(26));
        Assert.Equal(-897291810407650440L, random.NextLong());
        Assert.Equal(0.8575884598068334, random.NextDouble());
        Assert.Equal(8529, random.NextInt(10000));
        Assert.Equal(8, random.NextInt(16));
    }

    [Fact]
    public void Events_come_in_Nexmark_proportions_one_person_three_auctions_forty_six_bids()
    {
        var events = NexmarkTestStream.AllEvents(Config);
        Assert.Equal(50_000, events.Count);
        Assert.Equal(1_000, events.Count(e => e.Type == EventType.Person));
        Assert.Equal(3_000, events.Count(e => e.Type == EventType.Auction));
        Assert.Equal(46_000, events.Count(e => e.Type == EventType.Bid));
    }

    [Fact]
    public void Ids_are_in_Nexmark_spaces_and_persons_and_auctions_are_numbered_densely()
    {
        var events = NexmarkTestStream.AllEvents(Config);
        var persons = events.Where(e => e.Person is not null).Select(e => e.Person!.Id).Order().ToList();
        var auctions = events.Where(e => e.Auction is not null).Select(e => e.Auction!).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => GeneratorConfig.FirstPersonId + i), persons);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => GeneratorConfig.FirstAuctionId + i), auctions.Select(a => a.Id).Order());
        Assert.All(auctions, a => Assert.InRange(a.Category, 10, 14));
        Assert.All(auctions, a => Assert.True(a.Expires > a.DateTime && a.Reserve >= a.InitialBid));
        var bids = events.Where(e => e.Bid is not null).Select(e => e.Bid!).ToList();
        Assert.All(bids, b => Assert.InRange(b.Auction, GeneratorConfig.FirstAuctionId, GeneratorConfig.FirstAuctionId + 3000 + 10));
        Assert.All(bids, b => Assert.True(b.Price >= 100));
    }

    [Fact]
    public void Hot_auctions_and_hot_bidders_take_about_half_and_three_quarters_of_the_bids()
    {
        var bids = NexmarkTestStream.AllEvents(Config).Where(e => e.Bid is not null).Select(e => e.Bid!).ToList();
        var hotAuctions = bids.Count(b => (b.Auction - GeneratorConfig.FirstAuctionId) % 100 == 0);
        var hotBidders = bids.Count(b => (b.Bidder - GeneratorConfig.FirstPersonId) % 100 == 1);
        // Ratio 2: nominally 1 - 1/2 of bids go to a hot auction, but java.util.Random seeded with consecutive event ids
        // draws nextInt(2) > 0 for 46.6 % of the bids of these ids (checked with Java), as in Nexmark itself; random
        // picks add a few. Ratio 4: 1 - 1/4 come from a hot bidder.
        Assert.InRange(hotAuctions / (double)bids.Count, 0.465, 0.49);
        Assert.InRange(hotBidders / (double)bids.Count, 0.73, 0.79);
    }

    [Fact]
    public void The_same_position_gives_the_same_event_and_another_seed_another_stream()
    {
        var first = NexmarkGenerator.Generate(Config, 25_000, 300).ToList();
        var again = NexmarkGenerator.Generate(Config, 25_000, 300).ToList();
        Assert.Equal(first, again);
        Assert.Equal(first[123], NexmarkGenerator.NextEvent(Config, 25_000, 123));
        var other = NexmarkGenerator.Generate(Config with { Seed = 7 }, 25_000, 300).ToList();
        Assert.NotEqual(first.Select(e => e.ToString()), other.Select(e => e.ToString()));
    }

    [Fact]
    public void Event_time_advances_at_the_configured_rate_and_stays_within_the_out_of_order_group()
    {
        // 1000 events/s over 2 generators: each generator's events are 2 ms apart, out of order within groups of 20.
        var events = NexmarkGenerator.Generate(Config, 0, 25_000).ToList();
        Assert.Equal(Config.BaseTime, events.Min(e => e.DateTime));
        Assert.Equal(Config.BaseTime + 24_999 * 2, events.Max(e => e.DateTime));
        var maxSeen = long.MinValue;
        var maxLag = 0L;
        foreach (var e in events)
        {
            maxSeen = Math.Max(maxSeen, e.DateTime);
            maxLag = Math.Max(maxLag, maxSeen - e.DateTime);
        }
        Assert.InRange(maxLag, 1, 19 * 2);
    }

    [Fact]
    public void Split_divides_the_event_ids_among_generators_as_Nexmark_does()
    {
        var splits = (Config with { MaxEvents = 10, NumEventGenerators = 3 }).Split();
        Assert.Equal([(0L, 3L), (3L, 3L), (6L, 4L)], splits);
    }
}

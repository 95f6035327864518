using System.Globalization;
using System.Text;
using Brook.Nexmark.Model;

namespace Brook.Nexmark.Generator;

/// <summary>
/// Nexmark's event generator as a pure function: the event a generator emits as its n-th event depends only on
/// the config, the generator's first event id and n (each event's fields come from a java.util.Random seeded with
/// the event id, as in nexmark/nexmark and Beam), so any range of the stream can be produced again from its position.
/// </summary>
public static class NexmarkGenerator
{
    private const int HotAuctionRatio = 100;
    private const int HotBidderRatio = 100;
    private const int HotSellerRatio = 100;
    private const int HotChannelsRatio = 2;
    private const int ChannelsNumber = 10_000;
    private const int PersonIdLead = 10;
    private const int AuctionIdLead = 10;
    private const int NumCategories = 5;
    private const int MinStringLength = 3;

    private static readonly string[] UsStates = ["AZ", "CA", "ID", "OR", "WA", "WY"];
    private static readonly string[] UsCities = ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];
    private static readonly string[] FirstNames = ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];
    private static readonly string[] LastNames = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];
    private static readonly string[] HotChannels = ["Google", "Facebook", "Baidu", "Apple"];

    // Nexmark draws the base URLs from an unseeded Random; seeding them by channel keeps the stream reproducible.
    private static readonly string[] HotUrls = [BaseUrl(-1), BaseUrl(-2), BaseUrl(-3), BaseUrl(-4)];
    private static readonly Lazy<(string Channel, string Url)[]> Channels = new(() =>
        Enumerable.Range(0, ChannelsNumber).Select(ChannelAndUrl).ToArray());

    /// <summary>The <paramref name="eventsCountSoFar"/>-th event of the generator whose ids start at <paramref name="firstEventId"/>.</summary>
    public static Event NextEvent(GeneratorConfig config, long firstEventId, long eventsCountSoFar)
    {
        var adjusted = config.AdjustedEventNumber(eventsCountSoFar);
        var eventId = firstEventId + adjusted;
        var timestamp = config.TimestampForEvent(adjusted);
        var random = new JavaRandom(eventId + config.Seed);
        var rem = eventId % GeneratorConfig.ProportionDenominator;
        if (rem < GeneratorConfig.PersonProportion) return new Event(EventType.Person, NextPerson(eventId, ref random, timestamp, config), null, null);
        if (rem < GeneratorConfig.PersonProportion + GeneratorConfig.AuctionProportion)
            return new Event(EventType.Auction, null, NextAuction(eventsCountSoFar, eventId, ref random, timestamp, config), null);
        return new Event(EventType.Bid, null, null, NextBid(eventId, ref random, timestamp, config));
    }

    /// <summary>The whole stream of one generator, in emission order (what a reader of its split emits).</summary>
    public static IEnumerable<Event> Generate(GeneratorConfig config, long firstEventId, long count)
    {
        for (var n = 0L; n < count; n++) yield return NextEvent(config, firstEventId, n);
    }

    private static Person NextPerson(long eventId, ref JavaRandom random, long timestamp, GeneratorConfig config)
    {
        var id = LastBase0PersonId(eventId) + GeneratorConfig.FirstPersonId;
        var name = FirstNames[random.NextInt(FirstNames.Length)] + " " + LastNames[random.NextInt(LastNames.Length)];
        var email = NextString(ref random, 7) + "@" + NextString(ref random, 5) + ".com";
        var creditCard = string.Create(CultureInfo.InvariantCulture,
            $"{random.NextInt(10000):D4} {random.NextInt(10000):D4} {random.NextInt(10000):D4} {random.NextInt(10000):D4}");
        var city = UsCities[random.NextInt(UsCities.Length)];
        var state = UsStates[random.NextInt(UsStates.Length)];
        var currentSize = 8 + name.Length + email.Length + creditCard.Length + city.Length + state.Length;
        var extra = NextExtra(ref random, currentSize, config.AvgPersonByteSize);
        return new Person(id, name, email, creditCard, city, state, timestamp, extra);
    }

    private static Auction NextAuction(long eventsCountSoFar, long eventId, ref JavaRandom random, long timestamp, GeneratorConfig config)
    {
        var id = LastBase0AuctionId(eventId) + GeneratorConfig.FirstAuctionId;
        // P(auction is for a hot seller) = 1 - 1/hotSellersRatio: the first person of the last batch of HotSellerRatio.
        var seller = random.NextInt(config.HotSellersRatio) > 0
            ? LastBase0PersonId(eventId) / HotSellerRatio * HotSellerRatio
            : NextBase0PersonId(eventId, ref random, config);
        seller += GeneratorConfig.FirstPersonId;
        var category = GeneratorConfig.FirstCategoryId + random.NextInt(NumCategories);
        var initialBid = NextPrice(ref random);
        var expires = timestamp + NextAuctionLengthMs(eventsCountSoFar, ref random, timestamp, config);
        var name = NextString(ref random, 20);
        var description = NextString(ref random, 100);
        var reserve = initialBid + NextPrice(ref random);
        var currentSize = 8 + name.Length + description.Length + 8 + 8 + 8 + 8 + 8;
        var extra = NextExtra(ref random, currentSize, config.AvgAuctionByteSize);
        return new Auction(id, name, description, initialBid, reserve, timestamp, expires, seller, category, extra);
    }

    private static Bid NextBid(long eventId, ref JavaRandom random, long timestamp, GeneratorConfig config)
    {
        // P(bid is for a hot auction) = 1 - 1/hotAuctionRatio: the first auction of the last batch of HotAuctionRatio.
        var auction = random.NextInt(config.HotAuctionRatio) > 0
            ? LastBase0AuctionId(eventId) / HotAuctionRatio * HotAuctionRatio
            : NextBase0AuctionId(eventId, ref random, config);
        auction += GeneratorConfig.FirstAuctionId;
        // Hot bidders are the second person of a batch, so hot bidders and hot sellers differ.
        var bidder = random.NextInt(config.HotBiddersRatio) > 0
            ? LastBase0PersonId(eventId) / HotBidderRatio * HotBidderRatio + 1
            : NextBase0PersonId(eventId, ref random, config);
        bidder += GeneratorConfig.FirstPersonId;
        var price = NextPrice(ref random);
        string channel, url;
        if (random.NextInt(HotChannelsRatio) > 0)
        {
            var i = random.NextInt(HotChannels.Length);
            channel = HotChannels[i];
            url = HotUrls[i];
        }
        else
        {
            (channel, url) = Channels.Value[random.NextInt(ChannelsNumber)];
        }
        const int currentSize = 8 + 8 + 8 + 8;
        var extra = NextExtra(ref random, currentSize, config.AvgBidByteSize);
        return new Bid(auction, bidder, price, channel, url, timestamp, extra);
    }

    /// <summary>The highest person id (base 0) created up to this event.</summary>
    public static long LastBase0PersonId(long eventId)
    {
        var epoch = eventId / GeneratorConfig.ProportionDenominator;
        var offset = eventId % GeneratorConfig.ProportionDenominator;
        if (offset >= GeneratorConfig.PersonProportion) offset = GeneratorConfig.PersonProportion - 1;
        return epoch * GeneratorConfig.PersonProportion + offset;
    }

    /// <summary>The highest auction id (base 0) created up to this event.</summary>
    public static long LastBase0AuctionId(long eventId)
    {
        var epoch = eventId / GeneratorConfig.ProportionDenominator;
        var offset = eventId % GeneratorConfig.ProportionDenominator;
        if (offset < GeneratorConfig.PersonProportion)
        {
            epoch--;
            offset = GeneratorConfig.AuctionProportion - 1;
        }
        else if (offset >= GeneratorConfig.PersonProportion + GeneratorConfig.AuctionProportion)
        {
            offset = GeneratorConfig.AuctionProportion - 1;
        }
        else
        {
            offset -= GeneratorConfig.PersonProportion;
        }
        return epoch * GeneratorConfig.AuctionProportion + offset;
    }

    private static long NextBase0PersonId(long eventId, ref JavaRandom random, GeneratorConfig config)
    {
        // A random person among the active ones, plus a few 'leads' not created yet.
        var numPeople = LastBase0PersonId(eventId) + 1;
        var activePeople = Math.Min(numPeople, config.NumActivePeople);
        var n = NextLong(ref random, activePeople + PersonIdLead);
        return numPeople - activePeople + n;
    }

    private static long NextBase0AuctionId(long eventId, ref JavaRandom random, GeneratorConfig config)
    {
        // A random auction among those likely still in flight, plus a few 'leads'.
        var minAuction = Math.Max(LastBase0AuctionId(eventId) - config.NumInFlightAuctions, 0);
        var maxAuction = LastBase0AuctionId(eventId);
        return minAuction + NextLong(ref random, maxAuction - minAuction + 1 + AuctionIdLead);
    }

    private static long NextAuctionLengthMs(long eventsCountSoFar, ref JavaRandom random, long timestamp, GeneratorConfig config)
    {
        // An auction lasts on average until the auction numInFlightAuctions after it is created.
        var currentEventNumber = config.AdjustedEventNumber(eventsCountSoFar);
        var numEventsForAuctions = (long)config.NumInFlightAuctions * GeneratorConfig.ProportionDenominator / GeneratorConfig.AuctionProportion;
        var futureAuction = config.TimestampForEvent(currentEventNumber + numEventsForAuctions);
        var horizonMs = futureAuction - timestamp;
        return 1L + NextLong(ref random, Math.Max(horizonMs * 2, 1L));
    }

    private static long NextPrice(ref JavaRandom random) => (long)Math.Round(Math.Pow(10.0, random.NextDouble() * 6.0) * 100.0, MidpointRounding.AwayFromZero);

    private static long NextLong(ref JavaRandom random, long n) =>
        n < int.MaxValue ? random.NextInt((int)n) : Math.Abs(random.NextLong() % n);

    private static string NextString(ref JavaRandom random, int maxLength, char special = ' ')
    {
        var length = MinStringLength + random.NextInt(maxLength - MinStringLength);
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = random.NextInt(13) == 0 ? special : (char)('a' + random.NextInt(26));
        return new string(chars).Trim();
    }

    // Six letters per nextInt(), from a possibly negative int as in Java (so a few characters fall below 'a').
    private static string NextExactString(ref JavaRandom random, int length)
    {
        if (length == 0) return "";
        Span<char> chars = length <= 1024 ? stackalloc char[length] : new char[length];
        var rnd = 0;
        var left = 0;
        for (var i = 0; i < length; i++)
        {
            if (left == 0)
            {
                rnd = random.NextInt();
                left = 6;
            }
            chars[i] = (char)('a' + rnd % 26);
            rnd /= 26;
            left--;
        }
        return new string(chars);
    }

    private static string NextExtra(ref JavaRandom random, int currentSize, int desiredAverageSize)
    {
        if (currentSize > desiredAverageSize) return "";
        desiredAverageSize -= currentSize;
        var delta = (int)Math.Round(desiredAverageSize * 0.2, MidpointRounding.AwayFromZero);
        var minSize = desiredAverageSize - delta;
        var desiredSize = minSize + (delta == 0 ? 0 : random.NextInt(2 * delta));
        return NextExactString(ref random, desiredSize);
    }

    private static string BaseUrl(int channelSeed)
    {
        var random = new JavaRandom(channelSeed);
        return "https://www.nexmark.com/" + NextString(ref random, 5, '_') + "/" + NextString(ref random, 5, '_') + "/" +
            NextString(ref random, 5, '_') + "/item.htm?query=1";
    }

    private static (string, string) ChannelAndUrl(int channelNumber)
    {
        var url = BaseUrl(channelNumber);
        var random = new JavaRandom(~(long)channelNumber);
        if (random.NextInt(10) > 0) url = url + "&channel_id=" + JavaAbs(ReverseBits(channelNumber)).ToString(CultureInfo.InvariantCulture);
        return ("channel-" + channelNumber.ToString(CultureInfo.InvariantCulture), url);
    }

    private static int JavaAbs(int value) => value == int.MinValue ? value : Math.Abs(value);

    private static int ReverseBits(int value)
    {
        var v = (uint)value;
        var r = 0u;
        for (var i = 0; i < 32; i++)
        {
            r = (r << 1) | (v & 1);
            v >>= 1;
        }
        return (int)r;
    }
}

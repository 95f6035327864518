namespace Brook.Nexmark.Generator;

/// <summary>
/// Nexmark's GeneratorConfig: the stream's size and shape. Defaults are Nexmark's (nexmark/nexmark, Beam's
/// NexmarkConfiguration). The stream is cut into <see cref="NumEventGenerators"/> generators (splits) as Nexmark's
/// GeneratorConfig.split: contiguous event-id ranges that share event numbers, so all generators advance through
/// event time together and together produce <see cref="FirstEventRate"/> events per second of event time.
/// </summary>
public sealed record GeneratorConfig
{
    public const int PersonProportion = 1;
    public const int AuctionProportion = 3;
    public const int BidProportion = 46;
    public const int ProportionDenominator = PersonProportion + AuctionProportion + BidProportion;
    public const long FirstAuctionId = 1000;
    public const long FirstPersonId = 1000;
    public const long FirstCategoryId = 10;

    /// <summary>Total events over all generators.</summary>
    public long MaxEvents { get; init; } = 100_000_000;

    /// <summary>Number of generators (splits); Nexmark uses the source parallelism.</summary>
    public int NumEventGenerators { get; init; } = 1;

    /// <summary>Events per second of event time over all generators (the spacing of dateTime, not a throttle).</summary>
    public double FirstEventRate { get; init; } = 10_000_000;

    /// <summary>Event time of the first event, epoch ms.</summary>
    public long BaseTime { get; init; } = 1_700_000_000_000;

    /// <summary>Added to every event id before it seeds that event's random generator (0: Nexmark's exact stream).</summary>
    public long Seed { get; init; }

    public int NumActivePeople { get; init; } = 1000;

    public int NumInFlightAuctions { get; init; } = 100;

    /// <summary>1 - 1/ratio of bids go to a hot auction, auctions to a hot seller, bids come from a hot bidder.</summary>
    public int HotAuctionRatio { get; init; } = 2;

    public int HotSellersRatio { get; init; } = 4;

    public int HotBiddersRatio { get; init; } = 4;

    public int AvgPersonByteSize { get; init; } = 200;

    public int AvgAuctionByteSize { get; init; } = 500;

    public int AvgBidByteSize { get; init; } = 100;

    /// <summary>Events are permuted within groups of this size (Nexmark's out-of-orderness; 1 = in order).</summary>
    public long OutOfOrderGroupSize { get; init; } = 1;

    /// <summary>Microseconds of event time between two consecutive events of one generator.</summary>
    public double InterEventDelayUs => 1_000_000.0 / FirstEventRate * NumEventGenerators;

    public long TimestampForEvent(long eventNumber) => BaseTime + (long)(eventNumber * InterEventDelayUs) / 1000L;

    /// <summary>Nexmark's nextAdjustedEventNumber: the event number after the out-of-order permutation.</summary>
    public long AdjustedEventNumber(long eventNumber)
    {
        var n = OutOfOrderGroupSize;
        var groupBase = eventNumber / n * n;
        var offset = eventNumber * 953 % n;
        return groupBase + offset;
    }

    /// <summary>The generators' (first event id, event count), as Nexmark's GeneratorConfig.split.</summary>
    public IReadOnlyList<(long FirstEventId, long Count)> Split()
    {
        var result = new List<(long, long)>(NumEventGenerators);
        var sub = MaxEvents / NumEventGenerators;
        var first = 0L;
        for (var i = 0; i < NumEventGenerators; i++)
        {
            var count = i == NumEventGenerators - 1 ? MaxEvents - sub * (NumEventGenerators - 1) : sub;
            result.Add((first, count));
            first += count;
        }
        return result;
    }
}

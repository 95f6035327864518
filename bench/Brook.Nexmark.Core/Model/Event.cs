namespace Brook.Nexmark.Model;

/// <summary>One Nexmark event: exactly one of Person, Auction, Bid is set, as Nexmark's Event union.</summary>
public sealed record Event(EventType Type, Person? Person, Auction? Auction, Bid? Bid)
{
    /// <summary>The event's event time (its dateTime field), epoch ms.</summary>
    public long DateTime => Type switch
    {
        EventType.Person => Person!.DateTime,
        EventType.Auction => Auction!.DateTime,
        _ => Bid!.DateTime,
    };
}

namespace Brook.Nexmark.Model;

public enum EventType
{
    Person = 0,
    Auction = 1,
    Bid = 2,
}

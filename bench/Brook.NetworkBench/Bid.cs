namespace Brook.NetworkBench;

/// <summary>A user type (Nexmark's bid) that takes the MessagePack path; public so the contractless resolver can build its formatter.</summary>
public sealed record Bid(long Auction, long Bidder, long Price, string Channel, long DateTime);

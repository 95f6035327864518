namespace Brook.Nexmark.Model;

/// <summary>A bid on an auction (Nexmark's Bid; DateTime in epoch ms).</summary>
public sealed record Bid(long Auction, long Bidder, long Price, string Channel, string Url, long DateTime, string Extra);

namespace Brook.Nexmark.Model;

/// <summary>A new item put up for auction (Nexmark's Auction; DateTime and Expires in epoch ms).</summary>
public sealed record Auction(long Id, string ItemName, string Description, long InitialBid, long Reserve, long DateTime, long Expires,
    long Seller, long Category, string Extra);

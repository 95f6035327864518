namespace Brook.Nexmark.Model;

/// <summary>A new person registering on the auction site (Nexmark's Person; DateTime in epoch ms).</summary>
public sealed record Person(long Id, string Name, string EmailAddress, string CreditCard, string City, string State, long DateTime, string Extra);

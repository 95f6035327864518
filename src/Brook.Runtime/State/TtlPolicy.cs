using Brook.Streaming.State;

namespace Brook.Runtime.State;

/// <summary>A state's TTL settings applied against the backend's clock.</summary>
internal sealed class TtlPolicy(StateTtlConfig config, TimeProvider timeProvider)
{
    private readonly long _ttlMillis = config.IsEnabled ? (long)Math.Min(config.Ttl.TotalMilliseconds, long.MaxValue / 2) : long.MaxValue;

    // Checked on every state access: a field, not a walk through the config.
    public bool Enabled { get; } = config.IsEnabled;

    public bool UpdateOnRead => config.UpdateType == StateTtlUpdateType.OnReadAndWrite;

    public bool ReturnExpired => config.Visibility == StateTtlVisibility.ReturnExpiredIfNotCleanedUp;

    /// <summary>The access time to store; zero when TTL is off, so reading the clock costs nothing then.</summary>
    public long Now => Enabled ? timeProvider.GetUtcNow().ToUnixTimeMilliseconds() : 0;

    public bool IsExpired(long lastAccess) => Enabled && lastAccess + _ttlMillis <= timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}

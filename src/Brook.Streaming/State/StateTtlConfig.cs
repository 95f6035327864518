namespace Brook.Streaming.State;

/// <summary>When a state value's time-to-live is renewed.</summary>
public enum StateTtlUpdateType
{
    /// <summary>TTL is not used (the state never expires).</summary>
    Disabled = 0,
    /// <summary>Creating or writing a value renews its TTL (Flink's default).</summary>
    OnCreateAndWrite = 1,
    /// <summary>Reading a value renews its TTL as well.</summary>
    OnReadAndWrite = 2,
}

/// <summary>Whether an expired value that was not cleaned up yet may still be returned.</summary>
public enum StateTtlVisibility
{
    NeverReturnExpired = 0,
    ReturnExpiredIfNotCleanedUp = 1,
}

/// <summary>
/// Time-to-live of state values, measured in processing time. An expired value is gone for the user (with
/// <see cref="StateTtlVisibility.NeverReturnExpired"/>) and is removed when it is next touched or snapshotted.
/// </summary>
public sealed record StateTtlConfig
{
    public static readonly StateTtlConfig Disabled = new(TimeSpan.MaxValue, StateTtlUpdateType.Disabled, StateTtlVisibility.NeverReturnExpired);

    private StateTtlConfig(TimeSpan ttl, StateTtlUpdateType updateType, StateTtlVisibility visibility)
    {
        Ttl = ttl;
        UpdateType = updateType;
        Visibility = visibility;
    }

    public TimeSpan Ttl { get; }

    public StateTtlUpdateType UpdateType { get; }

    public StateTtlVisibility Visibility { get; }

    public bool IsEnabled => UpdateType != StateTtlUpdateType.Disabled;

    public static Builder NewBuilder(TimeSpan ttl) => new(ttl);

    public sealed class Builder
    {
        private readonly TimeSpan _ttl;
        private StateTtlUpdateType _updateType = StateTtlUpdateType.OnCreateAndWrite;
        private StateTtlVisibility _visibility = StateTtlVisibility.NeverReturnExpired;

        internal Builder(TimeSpan ttl)
        {
            if (ttl <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The state TTL must be positive.");
            _ttl = ttl;
        }

        public Builder SetUpdateType(StateTtlUpdateType updateType)
        {
            _updateType = updateType;
            return this;
        }

        public Builder UpdateTtlOnCreateAndWrite() => SetUpdateType(StateTtlUpdateType.OnCreateAndWrite);

        public Builder UpdateTtlOnReadAndWrite() => SetUpdateType(StateTtlUpdateType.OnReadAndWrite);

        public Builder SetStateVisibility(StateTtlVisibility visibility)
        {
            _visibility = visibility;
            return this;
        }

        public Builder NeverReturnExpired() => SetStateVisibility(StateTtlVisibility.NeverReturnExpired);

        public Builder ReturnExpiredIfNotCleanedUp() => SetStateVisibility(StateTtlVisibility.ReturnExpiredIfNotCleanedUp);

        public StateTtlConfig Build() => new(_ttl, _updateType, _visibility);
    }
}

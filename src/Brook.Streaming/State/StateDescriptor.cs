namespace Brook.Streaming.State;

/// <summary>
/// Names a state and says how to create it. The name identifies the state in snapshots, so it must stay the
/// same across versions of a job for the state to be restored.
/// </summary>
public abstract class StateDescriptor
{
    protected StateDescriptor(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    public string Name { get; }

    public abstract StateKind Kind { get; }

    /// <summary>The state's time-to-live; <see cref="StateTtlConfig.Disabled"/> unless enabled.</summary>
    public StateTtlConfig TtlConfig { get; private set; } = StateTtlConfig.Disabled;

    public void EnableTimeToLive(StateTtlConfig ttlConfig)
    {
        ArgumentNullException.ThrowIfNull(ttlConfig);
        TtlConfig = ttlConfig;
    }

    internal abstract TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor);

    public override string ToString() => $"{Kind}State '{Name}'";
}

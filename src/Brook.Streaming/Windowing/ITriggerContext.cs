using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>
/// What a trigger can do: read the clocks, register and delete timers for the window, and keep state
/// scoped to the current key and window (the <see cref="IKeyedStateStore"/> methods).
/// </summary>
public interface ITriggerContext : IKeyedStateStore
{
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }

    void RegisterProcessingTimeTimer(long time);

    void RegisterEventTimeTimer(long time);

    void DeleteProcessingTimeTimer(long time);

    void DeleteEventTimeTimer(long time);
}

/// <summary>The context of <see cref="Trigger{TWindow}.OnMerge"/>: trigger state of the merged windows can be merged.</summary>
public interface IOnMergeContext : ITriggerContext
{
    /// <summary>Merges this state (list, reducing or aggregating) of the merged windows into the result window.</summary>
    void MergePartitionedState(StateDescriptor descriptor);
}

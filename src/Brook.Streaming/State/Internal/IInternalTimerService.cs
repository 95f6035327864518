namespace Brook.Streaming.State.Internal;

/// <summary>
/// Event-time and processing-time timers of a keyed operator, per key and namespace, kept per key group
/// with the keyed state. Registering the same (key, namespace, time) twice gives one timer.
/// </summary>
internal interface IInternalTimerService<TNamespace>
{
    long CurrentWatermark { get; }

    long CurrentProcessingTime { get; }

    int NumEventTimeTimers { get; }

    int NumProcessingTimeTimers { get; }

    void RegisterEventTimeTimer(TNamespace ns, long time);

    void DeleteEventTimeTimer(TNamespace ns, long time);

    void RegisterProcessingTimeTimer(TNamespace ns, long time);

    void DeleteProcessingTimeTimer(TNamespace ns, long time);

    /// <summary>Fires, in time order, every event-time timer at or before the watermark.</summary>
    void AdvanceWatermark(long watermark);
}

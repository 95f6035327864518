namespace Brook.Streaming.Functions;

/// <summary>Clocks and timers of the current key (Flink's TimerService). Times are epoch milliseconds.</summary>
public interface ITimerService
{
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }

    /// <summary>Calls OnTimer once the watermark reaches <paramref name="time"/>; registering the same time twice gives one call.</summary>
    void RegisterEventTimeTimer(long time);

    void RegisterProcessingTimeTimer(long time);

    void DeleteEventTimeTimer(long time);

    void DeleteProcessingTimeTimer(long time);
}

/// <summary>Which clock a timer belongs to.</summary>
public enum TimeDomain
{
    EventTime,
    ProcessingTime,
}

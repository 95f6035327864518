namespace Brook.Streaming.Operators;

/// <summary>
/// Processing time for operators (Flink's ProcessingTimeService), driven by the task's TimeProvider.
/// Timer callbacks are put into the task's mailbox, so they run on the task thread and never concurrently
/// with processElement.
/// </summary>
public interface IProcessingTimeService
{
    /// <summary>Now, in epoch milliseconds.</summary>
    long CurrentProcessingTime { get; }

    /// <summary>Calls <paramref name="callback"/> with <paramref name="timestamp"/> once that time is reached. Dispose to cancel.</summary>
    IDisposable RegisterTimer(long timestamp, Action<long> callback);
}

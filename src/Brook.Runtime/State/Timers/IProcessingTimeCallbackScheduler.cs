namespace Brook.Runtime.State.Timers;

/// <summary>
/// Calls back at a processing time (epoch ms). The task runs the callback in its mailbox, so timers fire on
/// the same thread as records.
/// </summary>
public interface IProcessingTimeCallbackScheduler
{
    void ScheduleAt(long timestamp, Action<long> callback);
}

using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>The user's timer service: timers of the current key in the operator's internal timer service.</summary>
internal sealed class KeyedTimerService(IInternalTimerService<VoidNamespace> timers) : ITimerService
{
    public long CurrentProcessingTime => timers.CurrentProcessingTime;

    public long CurrentWatermark => timers.CurrentWatermark;

    public void RegisterEventTimeTimer(long time) => timers.RegisterEventTimeTimer(VoidNamespace.Instance, time);

    public void RegisterProcessingTimeTimer(long time) => timers.RegisterProcessingTimeTimer(VoidNamespace.Instance, time);

    public void DeleteEventTimeTimer(long time) => timers.DeleteEventTimeTimer(VoidNamespace.Instance, time);

    public void DeleteProcessingTimeTimer(long time) => timers.DeleteProcessingTimeTimer(VoidNamespace.Instance, time);
}

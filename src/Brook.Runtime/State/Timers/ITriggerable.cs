namespace Brook.Runtime.State.Timers;

/// <summary>The operator a timer service calls when timers fire; the backend's current key is the timer's key.</summary>
public interface ITriggerable<TNamespace>
{
    void OnEventTime(InternalTimer<TNamespace> timer);

    void OnProcessingTime(InternalTimer<TNamespace> timer);
}

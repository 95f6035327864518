namespace Brook.Streaming.State.Internal;

/// <summary>A timer for one key and namespace at one time; two timers with the same three are the same timer.</summary>
internal readonly record struct InternalTimer<TNamespace>(long Timestamp, object Key, TNamespace Namespace);

/// <summary>The operator a timer service calls when timers fire; the backend's current key is the timer's key.</summary>
internal interface ITriggerable<TNamespace>
{
    void OnEventTime(InternalTimer<TNamespace> timer);

    void OnProcessingTime(InternalTimer<TNamespace> timer);
}

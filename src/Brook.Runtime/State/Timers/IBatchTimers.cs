namespace Brook.Runtime.State.Timers;

/// <summary>A BATCH timer service as its keyed backend sees it: fire the current key's timers when the key ends.</summary>
internal interface IBatchTimers
{
    void FireAll();
}

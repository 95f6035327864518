namespace Brook.Streaming.Windowing;

/// <summary>What a trigger decides for a window: evaluate it (fire), drop its contents (purge), both, or neither.</summary>
public enum TriggerResult
{
    Continue = 0,
    Fire = 1,
    Purge = 2,
    FireAndPurge = 3,
}

public static class TriggerResultExtensions
{
    public static bool IsFire(this TriggerResult result) => (result & TriggerResult.Fire) != 0;

    public static bool IsPurge(this TriggerResult result) => (result & TriggerResult.Purge) != 0;
}

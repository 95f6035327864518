namespace Brook.Streaming.Windowing;

/// <summary>The default trigger of <see cref="GlobalWindows"/>: never fires; set a trigger to get output.</summary>
public sealed class NeverTrigger : Trigger<GlobalWindow>
{
    public static readonly NeverTrigger Instance = new();

    private NeverTrigger()
    {
    }

    public override TriggerResult OnElement<T>(T element, long timestamp, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnEventTime(long time, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override bool CanMerge => true;

    public override void OnMerge(GlobalWindow window, IOnMergeContext context)
    {
    }

    public override void Clear(GlobalWindow window, ITriggerContext context)
    {
    }

    public override string ToString() => "NeverTrigger()";
}

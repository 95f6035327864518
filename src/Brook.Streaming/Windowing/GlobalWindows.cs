namespace Brook.Streaming.Windowing;

/// <summary>Puts every element of a key into the one <see cref="GlobalWindow"/>; its default trigger never fires.</summary>
public sealed class GlobalWindows : WindowAssigner<GlobalWindow>
{
    private static readonly IReadOnlyCollection<GlobalWindow> Single = [GlobalWindow.Instance];

    private GlobalWindows()
    {
    }

    public static GlobalWindows Create() => Instance;

    private static readonly GlobalWindows Instance = new();

    public override IReadOnlyCollection<GlobalWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context) => Single;

    public override Trigger<GlobalWindow> GetDefaultTrigger() => NeverTrigger.Instance;

    public override bool IsEventTime => false;

    public override string ToString() => "GlobalWindows()";
}

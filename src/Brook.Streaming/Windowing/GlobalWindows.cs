namespace Brook.Streaming.Windowing;

/// <summary>Puts every element of a key into the one <see cref="GlobalWindow"/>; its default trigger never fires.</summary>
public sealed class GlobalWindows<T> : WindowAssigner<T, GlobalWindow>
{
    private static readonly IReadOnlyCollection<GlobalWindow> Single = [GlobalWindow.Instance];

    private GlobalWindows()
    {
    }

    public static GlobalWindows<T> Create() => new();

    public override IReadOnlyCollection<GlobalWindow> AssignWindows(T element, long timestamp, IWindowAssignerContext context) => Single;

    public override Trigger<T, GlobalWindow> GetDefaultTrigger() => NeverTrigger<T>.Instance;

    public override bool IsEventTime => false;

    public override string ToString() => "GlobalWindows()";
}

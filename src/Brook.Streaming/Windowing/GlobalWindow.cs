namespace Brook.Streaming.Windowing;

/// <summary>The one window that holds all elements of a key; it never ends, so it needs a custom trigger.</summary>
public sealed class GlobalWindow : Window, IEquatable<GlobalWindow>
{
    public static readonly GlobalWindow Instance = new();

    private GlobalWindow()
    {
    }

    public override long MaxTimestamp => long.MaxValue;

    public bool Equals(GlobalWindow? other) => other is not null;

    public override bool Equals(object? obj) => obj is GlobalWindow;

    public override int GetHashCode() => 0;

    public override string ToString() => "GlobalWindow";
}

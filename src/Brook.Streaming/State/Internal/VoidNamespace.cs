namespace Brook.Streaming.State.Internal;

/// <summary>The namespace of keyed state that is not scoped further than the key (everything but window state).</summary>
internal sealed class VoidNamespace : IEquatable<VoidNamespace>
{
    public static readonly VoidNamespace Instance = new();

    private VoidNamespace()
    {
    }

    public bool Equals(VoidNamespace? other) => other is not null;

    public override bool Equals(object? obj) => obj is VoidNamespace;

    public override int GetHashCode() => 0;

    public override string ToString() => "VoidNamespace";
}

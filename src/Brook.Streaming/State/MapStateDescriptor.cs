namespace Brook.Streaming.State;

/// <summary>Describes keyed map state, and also broadcast state (which is a map per operator).</summary>
public sealed class MapStateDescriptor<TKey, TValue>(string name) : StateDescriptor(name) where TKey : notnull
{
    public override StateKind Kind => StateKind.Map;

    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

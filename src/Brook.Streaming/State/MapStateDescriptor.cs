namespace Brook.Streaming.State;

/// <summary>Any map state descriptor, whatever its key and value types (what broadcast streams are declared with).</summary>
public abstract class MapStateDescriptor : StateDescriptor
{
    private protected MapStateDescriptor(string name) : base(name)
    {
    }

    public sealed override StateKind Kind => StateKind.Map;
}

/// <summary>Describes keyed map state, and also broadcast state (which is a map per operator).</summary>
public sealed class MapStateDescriptor<TKey, TValue>(string name) : MapStateDescriptor(name) where TKey : notnull
{
    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

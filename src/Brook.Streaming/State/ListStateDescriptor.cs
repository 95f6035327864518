namespace Brook.Streaming.State;

public sealed class ListStateDescriptor<T>(string name) : StateDescriptor(name)
{
    public override StateKind Kind => StateKind.List;

    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

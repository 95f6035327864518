namespace Brook.Streaming.State;

public sealed class ReducingStateDescriptor<T> : StateDescriptor
{
    public ReducingStateDescriptor(string name, Func<T, T, T> reduceFunction) : base(name)
    {
        ArgumentNullException.ThrowIfNull(reduceFunction);
        ReduceFunction = reduceFunction;
    }

    public Func<T, T, T> ReduceFunction { get; }

    public override StateKind Kind => StateKind.Reducing;

    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

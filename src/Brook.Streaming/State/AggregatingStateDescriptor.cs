namespace Brook.Streaming.State;

public sealed class AggregatingStateDescriptor<TIn, TAcc, TOut> : StateDescriptor
{
    public AggregatingStateDescriptor(string name, IAggregateFunction<TIn, TAcc, TOut> aggregateFunction) : base(name)
    {
        ArgumentNullException.ThrowIfNull(aggregateFunction);
        AggregateFunction = aggregateFunction;
    }

    public IAggregateFunction<TIn, TAcc, TOut> AggregateFunction { get; }

    public override StateKind Kind => StateKind.Aggregating;

    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

namespace Brook.Streaming.State;

public sealed class ValueStateDescriptor<T>(string name, T defaultValue = default!) : StateDescriptor(name)
{
    /// <summary>What <see cref="IValueState{T}.Value"/> returns for a key without a value.</summary>
    public T DefaultValue { get; } = defaultValue;

    public override StateKind Kind => StateKind.Value;

    internal override TResult Accept<TResult>(Internal.IStateDescriptorVisitor<TResult> visitor) => visitor.Visit(this);
}

using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>Virtual: merges streams of the same type.</summary>
public sealed class UnionTransformation(int id, IReadOnlyList<Transformation> inputs)
    : Transformation(id, "Union", inputs[0].OutputType, inputs[0].Parallelism)
{
    public override IReadOnlyList<Transformation> Inputs { get; } = inputs;
}

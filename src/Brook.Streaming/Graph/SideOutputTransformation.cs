using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>Virtual: selects the side output <see cref="Tag"/> of its input.</summary>
public sealed class SideOutputTransformation(int id, Transformation input, IOutputTag tag)
    : Transformation(id, "SideOutput", tag.DataType, input.Parallelism)
{
    public Transformation Input { get; } = input;

    public IOutputTag Tag { get; } = tag;

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

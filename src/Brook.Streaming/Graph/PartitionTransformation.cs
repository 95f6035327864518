using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>Virtual: sets the partitioner of the edges from its input.</summary>
public sealed class PartitionTransformation(int id, Transformation input, StreamPartitioner partitioner)
    : Transformation(id, "Partition", input.OutputType, input.Parallelism)
{
    public Transformation Input { get; } = input;

    public StreamPartitioner Partitioner { get; } = partitioner;

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>A FLIP-27 source in the plan.</summary>
public sealed class SourceTransformation<T, TSplit>(int id, string name, Sources.ISource<T, TSplit> source, int parallelism)
    : Transformation(id, name, DataType.Of<T>(), parallelism), ISourceTransformation
    where TSplit : Sources.ISourceSplit
{
    public Sources.ISource<T, TSplit> Source { get; } = source;

    public Sources.Boundedness Boundedness => Source.Boundedness;

    public override IReadOnlyList<Transformation> Inputs => [];

    public TResult Accept<TResult>(ISourceVisitor<TResult> visitor) => visitor.Visit(Source);
}

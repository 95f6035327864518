using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>One physical operator of the StreamGraph, with its resolved parallelism.</summary>
public sealed class StreamNode
{
    public required int Id { get; init; }

    public required string OperatorName { get; init; }

    public required StreamNodeKind Kind { get; init; }

    public required int Parallelism { get; init; }

    public required int MaxParallelism { get; init; }

    public string? Uid { get; init; }

    public required ChainingStrategy ChainingStrategy { get; init; }

    public required DataType OutputType { get; init; }

    /// <summary>Makes this node's operator for one subtask (null for sources).</summary>
    public Func<IStreamOperator>? OperatorFactory { get; init; }

    /// <summary>The source of a source node.</summary>
    public ISourceTransformation? Source { get; init; }

    public bool IsKeyed { get; init; }

    public bool IsSink { get; init; }

    public List<StreamEdge> InEdges { get; } = [];

    public List<StreamEdge> OutEdges { get; } = [];

    public override string ToString() => $"{OperatorName}-{Id}";
}

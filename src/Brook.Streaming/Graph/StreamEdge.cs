using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>An edge of the StreamGraph: from an operator's main or side output to an input of another.</summary>
public sealed class StreamEdge
{
    public required StreamNode Source { get; init; }

    public required StreamNode Target { get; init; }

    /// <summary>1 or 2 for the inputs of a two-input operator; 1 for one-input operators.</summary>
    public required int InputIndex { get; init; }

    public required StreamPartitioner Partitioner { get; init; }

    /// <summary>Set when the edge carries a side output instead of the main output.</summary>
    public IOutputTag? SideOutputTag { get; init; }

    /// <summary>The element type on the edge (the tag's type on side-output edges).</summary>
    public required DataType Type { get; init; }

    /// <summary>Set on the edge into a cache's producer node: the cluster data set (cached result) the edge's result becomes.</summary>
    public Core.Ids.IntermediateDataSetId? IntermediateDataSetId { get; init; }

    public override string ToString() => $"({Source} -> {Target}, {Partitioner}{(SideOutputTag is null ? "" : ", " + SideOutputTag.Id)})";
}

using Brook.Core.Ids;
using Brook.Streaming.Graph;

namespace Brook.Runtime.JobGraph;

/// <summary>
/// A vertex of the JobGraph: a chain of operators that runs as one task per subtask. Its id is the chain
/// head's operator id; its name joins the operator names ("Source: Sequence -> Map -> Filter").
/// </summary>
public sealed class JobVertex
{
    public required JobVertexId Id { get; init; }

    public required string Name { get; init; }

    public required int Parallelism { get; init; }

    public required int MaxParallelism { get; init; }

    /// <summary>The chain's operators, head first (depth-first along the chain).</summary>
    public required IReadOnlyList<StreamNode> ChainedNodes { get; init; }

    /// <summary>The operator id of each chained node, by stream node id.</summary>
    public required IReadOnlyDictionary<int, OperatorId> OperatorIds { get; init; }

    public StreamNode Head => ChainedNodes[0];

    public bool IsSource => Head.Kind == StreamNodeKind.Source;

    public List<JobEdge> Inputs { get; } = [];

    public List<JobEdge> Outputs { get; } = [];

    /// <summary>Operator ids head first, as Flink lists a vertex's operators.</summary>
    public IEnumerable<OperatorId> OperatorIdsInChainOrder => ChainedNodes.Select(n => OperatorIds[n.Id]);

    public bool Contains(StreamNode node) => OperatorIds.ContainsKey(node.Id);

    public override string ToString() => $"{Name} ({Id})";
}

using Brook.Core.Ids;

namespace Brook.Rest.Gateway;

/// <summary>The dataflow plan of a JobGraph (what Flink's JsonPlanGenerator reads): vertices in topological order.</summary>
public sealed record JobPlanSnapshot(JobId JobId, string Name, IReadOnlyList<JobPlanVertex> Vertices)
{
    /// <summary>STREAMING or BATCH (the plan's "type").</summary>
    public Core.Configuration.JobType JobType { get; init; } = Core.Configuration.JobType.STREAMING;
}

/// <summary>A vertex of the plan: a chain of operators that runs as one task.</summary>
public sealed record JobPlanVertex(JobVertexId Id, string Name, int Parallelism, IReadOnlyList<JobPlanInput> Inputs);

/// <summary>An input of a vertex: the producing vertex and the ship strategy ("FORWARD", "HASH", "REBALANCE", ...).</summary>
public sealed record JobPlanInput(JobVertexId SourceId, string ShipStrategy);

using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>An input of a vertex: the producing vertex and the ship strategy ("FORWARD", "HASH", ...).</summary>
public sealed record ArchivedJobInput(JobVertexId SourceId, IntermediateDataSetId ResultId, string ShipStrategy);

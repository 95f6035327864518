using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>One subtask: its current attempt and the earlier ones.</summary>
public sealed record ArchivedExecutionVertex(int SubtaskIndex, ArchivedExecution CurrentExecution, IReadOnlyList<ArchivedExecution> PriorExecutions);

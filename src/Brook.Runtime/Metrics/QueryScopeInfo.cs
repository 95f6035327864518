namespace Brook.Runtime.Metrics;

/// <summary>The component a metric belongs to in the MetricStore (Flink's QueryScopeInfo categories).</summary>
public enum QueryScopeCategory
{
    JobManager = 0,
    TaskManager = 1,
    Job = 2,
    Task = 3,
    Operator = 4,
    JobManagerOperator = 5,
}

/// <summary>
/// Where a metric is filed in the REST side's MetricStore (Flink's QueryScopeInfo): its component's ids and the
/// user scope below the component (the names of subgroups added with AddGroup, joined by '.'; empty for system metrics).
/// </summary>
public sealed record QueryScopeInfo(
    QueryScopeCategory Category,
    string Scope,
    string? TaskManagerId = null,
    string? JobId = null,
    string? VertexId = null,
    int SubtaskIndex = 0,
    int AttemptNumber = 0,
    string? OperatorName = null)
{
    public QueryScopeInfo WithScope(string additional) => this with { Scope = Scope.Length == 0 ? additional : Scope + "." + additional };
}

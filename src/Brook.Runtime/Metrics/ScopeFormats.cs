using Brook.Core.Configuration;

namespace Brook.Runtime.Metrics;

/// <summary>
/// Flink's scope formats (metrics.scope.*): the templates the scope components of each group are built from, e.g.
/// <c>&lt;host&gt;.taskmanager.&lt;tm_id&gt;.&lt;job_name&gt;.&lt;task_name&gt;.&lt;subtask_index&gt;</c>. A format that starts
/// with <c>*</c> continues its parent's scope. Identifiers built from them name metrics for reporters that take one name
/// per metric; the REST API and Prometheus use the query scope and the variables instead.
/// </summary>
public sealed record ScopeFormats(
    string JobManager,
    string JobManagerJob,
    string JobManagerOperator,
    string TaskManager,
    string TaskManagerJob,
    string Task,
    string Operator)
{
    public const string JobManagerKey = "metrics.scope.jm";
    public const string JobManagerJobKey = "metrics.scope.jm-job";
    public const string JobManagerOperatorKey = "metrics.scope.jm-operator";
    public const string TaskManagerKey = "metrics.scope.tm";
    public const string TaskManagerJobKey = "metrics.scope.tm-job";
    public const string TaskKey = "metrics.scope.task";
    public const string OperatorKey = "metrics.scope.operator";

    /// <summary>Flink's defaults (MetricOptions).</summary>
    public static readonly ScopeFormats Default = new(
        "<host>.jobmanager",
        "<host>.jobmanager.<job_name>",
        "<host>.jobmanager.<job_name>.<operator_name>",
        "<host>.taskmanager.<tm_id>",
        "<host>.taskmanager.<tm_id>.<job_name>",
        "<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>",
        "<host>.taskmanager.<tm_id>.<job_name>.<operator_name>.<subtask_index>");

    public static ScopeFormats FromConfiguration(Configuration config)
    {
        string Get(string key, string fallback) => config.TryGetRaw(key, out var v) && v.Length > 0 ? v : fallback;
        var d = Default;
        return new ScopeFormats(Get(JobManagerKey, d.JobManager), Get(JobManagerJobKey, d.JobManagerJob), Get(JobManagerOperatorKey, d.JobManagerOperator),
            Get(TaskManagerKey, d.TaskManager), Get(TaskManagerJobKey, d.TaskManagerJob), Get(TaskKey, d.Task), Get(OperatorKey, d.Operator));
    }

    /// <summary>The components of a format with its variables replaced; an unknown variable stays as written, as in Flink.</summary>
    public static IReadOnlyList<string> Apply(string format, IReadOnlyList<string> parentComponents, IReadOnlyDictionary<string, string> variables)
    {
        var parts = format.Split('.');
        var result = new List<string>();
        var start = 0;
        if (parts.Length > 0 && parts[0] == "*")
        {
            result.AddRange(parentComponents);
            start = 1;
        }
        for (var i = start; i < parts.Length; i++)
        {
            var part = parts[i];
            result.Add(variables.TryGetValue(part, out var value) ? value : part);
        }
        return result;
    }
}

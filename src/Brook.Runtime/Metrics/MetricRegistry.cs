using System.Collections.Concurrent;
using System.Globalization;
using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// The metrics of one process (Flink's MetricRegistryImpl): every metric registered by a live group, the views it
/// updates every 5 seconds (meters' rates), and the dump the REST endpoint's MetricFetcher reads (Flink's
/// MetricQueryService). Reporters (Prometheus) read <see cref="Metrics"/> when scraped.
/// </summary>
public sealed class MetricRegistry : IDisposable
{
    public const string LocalHost = "localhost";

    private readonly ConcurrentDictionary<RegisteredMetric, byte> _metrics = new();
    private readonly ConcurrentDictionary<IView, byte> _views = new(ReferenceEqualityComparer.Instance);
    private readonly ITimer? _viewUpdater;
    private readonly ConcurrentQueue<MetricDump> _retired = new();
    private volatile bool _disposed;

    public MetricRegistry(ScopeFormats scopeFormats, TimeProvider time, bool enabled = true)
    {
        ScopeFormats = scopeFormats;
        IsEnabled = enabled;
        if (enabled)
        {
            var interval = TimeSpan.FromSeconds(IView.UpdateIntervalSeconds);
            _viewUpdater = time.CreateTimer(_ => UpdateViews(), null, interval, interval);
        }
    }

    /// <summary>A registry that keeps nothing: groups built on it work, their metrics are not reported.</summary>
    public static MetricRegistry Disabled { get; } = new(ScopeFormats.Default, TimeProvider.System, enabled: false);

    public ScopeFormats ScopeFormats { get; }

    public bool IsEnabled { get; }

    /// <summary>
    /// Whether a closing group's last values wait for the next <see cref="Dump"/> (true, for a process whose dump is
    /// fetched); false where nothing ever dumps, so the values are neither read nor kept.
    /// </summary>
    public bool KeepsLastValuesOfClosedGroups { get; init; } = true;

    public IEnumerable<RegisteredMetric> Metrics => _metrics.Keys;

    internal void Register(MetricGroup group, string name, IMetric metric)
    {
        if (!IsEnabled) return;
        _metrics.TryAdd(new RegisteredMetric(group, name, metric), 0);
        if (metric is IView view) _views.TryAdd(view, 0);
    }

    internal void Unregister(MetricGroup group, string name, IMetric metric)
    {
        _metrics.TryRemove(new RegisteredMetric(group, name, metric), out _);
        if (metric is IView view) _views.TryRemove(view, out _);
    }

    /// <summary>Flink's ViewUpdater: every view's update, from the registry's timer.</summary>
    public void UpdateViews()
    {
        foreach (var view in _views.Keys) view.Update();
        ViewsUpdated?.Invoke();
    }

    /// <summary>Raised after every view update (the rates moved).</summary>
    public event Action? ViewsUpdated;

    /// <summary>A closing group's last values, handed to the next dump so the MetricStore keeps a finished task's final figures.</summary>
    internal void Retire(MetricGroup group)
    {
        // Once disposed nothing dumps any more: a process shutting down does not read its groups' gauges again.
        if (!IsEnabled || _disposed || !KeepsLastValuesOfClosedGroups) return;
        foreach (var (name, metric) in group.Metrics) _retired.Enqueue(DumpOf(group, name, metric));
    }

    /// <summary>Every registered metric's current value, filed by its query scope (what the MetricFetcher stores).</summary>
    public IReadOnlyList<MetricDump> Dump()
    {
        var result = new List<MetricDump>(_metrics.Count);
        while (_retired.TryDequeue(out var last)) result.Add(last);
        foreach (var m in _metrics.Keys)
        {
            if (m.Group.IsClosed) continue;
            result.Add(DumpOf(m.Group, m.Name, m.Metric));
        }
        return result;
    }

    private static MetricDump DumpOf(MetricGroup group, string name, IMetric metric) => metric switch
    {
        ICounter c => new MetricDump(group.QueryScope, name, MetricKind.Counter, Format(c.Count)),
        IMeter meter => new MetricDump(group.QueryScope, name, MetricKind.Meter, Format(meter.Rate)),
        IHistogram h => new MetricDump(group.QueryScope, name, MetricKind.Histogram, null, h.GetStatistics()),
        IGauge g => new MetricDump(group.QueryScope, name, MetricKind.Gauge, Format(g.Value)),
        _ => throw new InvalidOperationException($"Unknown metric type {metric.GetType().Name} of {name}."),
    };

    /// <summary>A value as Flink's dump writes it (Java's String.valueOf): invariant culture, booleans in lower case.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", CultureInfo.InvariantCulture);

    public MetricGroup CreateJobManagerGroup(string host = LocalHost)
    {
        var vars = new Dictionary<string, string> { ["<host>"] = host };
        return new MetricGroup(this, null, ScopeFormats.Apply(ScopeFormats.JobManager, [], vars), "jobmanager", vars, new QueryScopeInfo(QueryScopeCategory.JobManager, ""));
    }

    public MetricGroup CreateTaskManagerGroup(string taskManagerId, string host = LocalHost)
    {
        var vars = new Dictionary<string, string> { ["<host>"] = host, ["<tm_id>"] = taskManagerId };
        return new MetricGroup(this, null, ScopeFormats.Apply(ScopeFormats.TaskManager, [], vars), "taskmanager", vars,
            new QueryScopeInfo(QueryScopeCategory.TaskManager, "", TaskManagerId: taskManagerId));
    }

    public MetricGroup CreateJobManagerJobGroup(MetricGroup jobManager, string jobId, string jobName)
    {
        var own = new Dictionary<string, string> { ["<job_id>"] = jobId, ["<job_name>"] = jobName };
        return jobManager.Child(ScopeFormats.Apply(ScopeFormats.JobManagerJob, jobManager.ScopeComponents, Merge(jobManager, own)), "job", own,
            new QueryScopeInfo(QueryScopeCategory.Job, "", JobId: jobId));
    }

    public MetricGroup CreateJobManagerOperatorGroup(MetricGroup jobManagerJob, string vertexId, string operatorId, string operatorName)
    {
        var own = new Dictionary<string, string> { ["<task_id>"] = vertexId, ["<operator_id>"] = operatorId, ["<operator_name>"] = operatorName };
        return jobManagerJob.Child(ScopeFormats.Apply(ScopeFormats.JobManagerOperator, jobManagerJob.ScopeComponents, Merge(jobManagerJob, own)), "operator", own,
            new QueryScopeInfo(QueryScopeCategory.JobManagerOperator, "", JobId: jobManagerJob.QueryScope.JobId, VertexId: vertexId, OperatorName: operatorName));
    }

    public MetricGroup CreateTaskManagerJobGroup(MetricGroup taskManager, string jobId, string jobName)
    {
        var own = new Dictionary<string, string> { ["<job_id>"] = jobId, ["<job_name>"] = jobName };
        return taskManager.Child(ScopeFormats.Apply(ScopeFormats.TaskManagerJob, taskManager.ScopeComponents, Merge(taskManager, own)), "job", own,
            taskManager.QueryScope with { Category = QueryScopeCategory.Job, JobId = jobId });
    }

    public MetricGroup CreateTaskGroup(MetricGroup taskManagerJob, string vertexId, string attemptId, string taskName, int subtaskIndex, int attemptNumber)
    {
        var own = new Dictionary<string, string>
        {
            ["<task_id>"] = vertexId,
            ["<task_attempt_id>"] = attemptId,
            ["<task_name>"] = taskName,
            ["<subtask_index>"] = subtaskIndex.ToString(CultureInfo.InvariantCulture),
            ["<task_attempt_num>"] = attemptNumber.ToString(CultureInfo.InvariantCulture),
        };
        return taskManagerJob.Child(ScopeFormats.Apply(ScopeFormats.Task, taskManagerJob.ScopeComponents, Merge(taskManagerJob, own)), "task", own,
            taskManagerJob.QueryScope with { Category = QueryScopeCategory.Task, VertexId = vertexId, SubtaskIndex = subtaskIndex, AttemptNumber = attemptNumber });
    }

    public MetricGroup CreateOperatorGroup(MetricGroup task, string operatorId, string operatorName)
    {
        var own = new Dictionary<string, string> { ["<operator_id>"] = operatorId, ["<operator_name>"] = operatorName };
        return task.Child(ScopeFormats.Apply(ScopeFormats.Operator, task.ScopeComponents, Merge(task, own)), "operator", own,
            task.QueryScope with { Category = QueryScopeCategory.Operator, OperatorName = operatorName });
    }

    private static Dictionary<string, string> Merge(MetricGroup parent, IReadOnlyDictionary<string, string> own)
    {
        var all = new Dictionary<string, string>(parent.AllVariables, StringComparer.Ordinal);
        foreach (var (k, v) in own) all[k] = v;
        return all;
    }

    public void Dispose()
    {
        _disposed = true;
        _viewUpdater?.Dispose();
        _metrics.Clear();
        _views.Clear();
    }
}

/// <summary>A metric with its group and name (the registry's entry; equal by group, name and metric instance).</summary>
public sealed record RegisteredMetric(MetricGroup Group, string Name, IMetric Metric);

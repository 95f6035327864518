using System.Collections.Concurrent;
using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// A metric group of one of Flink's scopes (JobManager, JobManager job, JobManager operator, TaskManager, TaskManager
/// job, task, operator) or a user subgroup below one. It knows three names for its metrics: the scope components
/// (from the metrics.scope.* formats, for identifiers), the logical scope with its variables (Prometheus names and
/// labels) and the query scope (where the REST MetricStore files them). Metrics register in the registry as they are
/// added and leave it when the group closes.
/// </summary>
public sealed class MetricGroup : IMetricGroup
{
    private readonly MetricRegistry _registry;
    private readonly MetricGroup? _parent;
    private readonly ConcurrentDictionary<string, IMetric> _metrics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variables;
    private volatile bool _closed;

    internal MetricGroup(MetricRegistry registry, MetricGroup? parent, IReadOnlyList<string> scopeComponents, string logicalScope,
        IReadOnlyDictionary<string, string> ownVariables, QueryScopeInfo queryScope)
    {
        _registry = registry;
        _parent = parent;
        ScopeComponents = scopeComponents;
        LogicalScope = logicalScope;
        QueryScope = queryScope;
        _variables = new Dictionary<string, string>(parent?._variables ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in ownVariables) _variables[k] = v;
    }

    public IReadOnlyList<string> ScopeComponents { get; }

    public MetricRegistry Registry => _registry;

    /// <summary>The scope without variable values, '.'-separated (taskmanager.job.task.operator), as Flink's getLogicalScope.</summary>
    public string LogicalScope { get; }

    public QueryScopeInfo QueryScope { get; }

    public IReadOnlyDictionary<string, string> AllVariables => _variables;

    public bool IsClosed => _closed;

    public IReadOnlyDictionary<string, IMetric> Metrics => _metrics;

    public string GetMetricIdentifier(string metricName) => string.Join('.', ScopeComponents.Append(metricName));

    public ICounter Counter(string name) => Counter(name, new SimpleCounter());

    public TCounter Counter<TCounter>(string name, TCounter counter) where TCounter : ICounter => Add(name, counter);

    public TGauge Gauge<TGauge>(string name, TGauge gauge) where TGauge : IGauge => Add(name, gauge);

    public IGauge<T> Gauge<T>(string name, Func<T> read) => Add<IGauge<T>>(name, new Gauge<T>(read));

    public TMeter Meter<TMeter>(string name, TMeter meter) where TMeter : IMeter => Add(name, meter);

    public THistogram Histogram<THistogram>(string name, THistogram histogram) where THistogram : IHistogram => Add(name, histogram);

    /// <summary>Flink's GenericMetricGroup: the name extends the scope, the logical scope and the query scope.</summary>
    public IMetricGroup AddGroup(string name) => _groups.GetOrAdd("n:" + name, _ => Child(name, name, new Dictionary<string, string>(), QueryScope.WithScope(name)));

    /// <summary>Flink's GenericKeyMetricGroup + GenericValueMetricGroup: <c>key.value</c> in the scope, the key in the logical scope, <c>&lt;key&gt;</c> = value as a variable.</summary>
    public IMetricGroup AddGroup(string key, string value) =>
        _groups.GetOrAdd("k:" + key + "\n" + value, _ => new MetricGroup(_registry, this, [.. ScopeComponents, key, value], LogicalScope + "." + key,
            new Dictionary<string, string> { ["<" + key + ">"] = value }, QueryScope.WithScope(key).WithScope(value)));

    /// <summary>A child group of one of Flink's scopes, built by the registry.</summary>
    internal MetricGroup Child(IReadOnlyList<string> scopeComponents, string logicalName, IReadOnlyDictionary<string, string> variables, QueryScopeInfo queryScope)
    {
        var child = new MetricGroup(_registry, this, scopeComponents, LogicalScope.Length == 0 ? logicalName : LogicalScope + "." + logicalName, variables, queryScope);
        // Tracked so closing this group closes its component children too; a closed child leaves the list.
        child._key = "c:" + Interlocked.Increment(ref _children).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _groups[child._key] = child;
        if (_closed) child.Close();
        return child;
    }

    private long _children;
    private string? _key;

    private MetricGroup Child(string name, string logicalName, IReadOnlyDictionary<string, string> variables, QueryScopeInfo queryScope) =>
        new(_registry, this, [.. ScopeComponents, name], LogicalScope + "." + logicalName, variables, queryScope);

    private T Add<T>(string name, T metric) where T : IMetric
    {
        if (_closed) return metric;
        if (!_metrics.TryAdd(name, metric)) return metric;
        _registry.Register(this, name, metric);
        if (_closed) _registry.Unregister(this, name, metric);
        return metric;
    }

    /// <summary>Removes this group's metrics and its subgroups' from the registry; later registrations are ignored.</summary>
    public void Close()
    {
        if (_closed) return;
        _registry.Retire(this);
        _closed = true;
        foreach (var g in _groups.Values) g.Close();
        foreach (var (name, metric) in _metrics) _registry.Unregister(this, name, metric);
        if (_key is not null) _parent?._groups.TryRemove(_key, out _);
    }

    /// <summary>The parent group (null for a root: the JobManager or a TaskManager group).</summary>
    public MetricGroup? Parent => _parent;
}

namespace Brook.Streaming.Metrics;

/// <summary>
/// A named scope of metrics (Flink's MetricGroup), reached from a function through
/// <c>RuntimeContext.GetMetricGroup()</c>: the operator's group, whose metrics are reported per subtask under
/// the operator's scope (<c>&lt;subtask&gt;.&lt;operator&gt;.&lt;group&gt;.&lt;name&gt;</c> in REST, labels in Prometheus).
/// Registering a name twice in a group keeps the first metric (as Flink, which logs a warning).
/// </summary>
public interface IMetricGroup
{
    ICounter Counter(string name);

    TCounter Counter<TCounter>(string name, TCounter counter) where TCounter : ICounter;

    TGauge Gauge<TGauge>(string name, TGauge gauge) where TGauge : IGauge;

    /// <summary>A gauge over a function, read on the reporting thread.</summary>
    IGauge<T> Gauge<T>(string name, Func<T> read);

    TMeter Meter<TMeter>(string name, TMeter meter) where TMeter : IMeter;

    THistogram Histogram<THistogram>(string name, THistogram histogram) where THistogram : IHistogram;

    /// <summary>A subgroup named <paramref name="name"/>.</summary>
    IMetricGroup AddGroup(string name);

    /// <summary>A key/value subgroup: <c>key.value</c> in the scope, and the variable <c>&lt;key&gt;</c> = value (a Prometheus label).</summary>
    IMetricGroup AddGroup(string key, string value);

    /// <summary>The scope of this group, as configured by Flink's metrics.scope.* formats (e.g. localhost.taskmanager.&lt;id&gt;.job.task.0).</summary>
    IReadOnlyList<string> ScopeComponents { get; }

    /// <summary>Every variable of this group and its parents, with Flink's angle-bracket keys (<c>&lt;job_id&gt;</c>, <c>&lt;subtask_index&gt;</c>, ...).</summary>
    IReadOnlyDictionary<string, string> AllVariables { get; }

    /// <summary>The fully qualified name of a metric of this group: the scope components and the name joined by '.'.</summary>
    string GetMetricIdentifier(string metricName);
}

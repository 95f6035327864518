namespace Brook.Streaming.Metrics;

/// <summary>
/// A metric group that reports nothing (Flink's UnregisteredMetricsGroup): for contexts outside a running task,
/// such as operator test harnesses. Metrics created through it still work; nobody reads them.
/// </summary>
public sealed class UnregisteredMetricGroup : IMetricGroup
{
    public static readonly UnregisteredMetricGroup Instance = new();

    public ICounter Counter(string name) => new SimpleCounter();

    public TCounter Counter<TCounter>(string name, TCounter counter) where TCounter : ICounter => counter;

    public TGauge Gauge<TGauge>(string name, TGauge gauge) where TGauge : IGauge => gauge;

    public IGauge<T> Gauge<T>(string name, Func<T> read) => new Gauge<T>(read);

    public TMeter Meter<TMeter>(string name, TMeter meter) where TMeter : IMeter => meter;

    public THistogram Histogram<THistogram>(string name, THistogram histogram) where THistogram : IHistogram => histogram;

    public IMetricGroup AddGroup(string name) => this;

    public IMetricGroup AddGroup(string key, string value) => this;

    public IReadOnlyList<string> ScopeComponents => [];

    public IReadOnlyDictionary<string, string> AllVariables { get; } = new Dictionary<string, string>();

    public string GetMetricIdentifier(string metricName) => metricName;
}

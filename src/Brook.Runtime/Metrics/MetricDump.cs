using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// One metric's value at the moment of a dump (Flink's MetricDump, as the MetricQueryService sends it to the
/// MetricFetcher): counters, gauges and meters as their string value, histograms with their statistics.
/// </summary>
public sealed record MetricDump(QueryScopeInfo Scope, string Name, MetricKind Kind, string? Value, HistogramStatistics? Statistics = null);

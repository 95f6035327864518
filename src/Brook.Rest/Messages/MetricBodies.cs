using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>One metric value as Flink's metric endpoints send it: the value is always a string.</summary>
public sealed record Metric(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("value")] string Value);

/// <summary>Flink's MetricCollectionResponseBody (the metric endpoints and the watermarks endpoint).</summary>
public sealed record MetricCollectionResponseBody(
    [property: JsonPropertyName("metrics")] IReadOnlyList<Metric> Metrics);

using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>One metric value as Flink's metric endpoints send it: the value is a string, left out when there is none.</summary>
public sealed record Metric(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value);

/// <summary>
/// Flink's MetricCollectionResponseBody (the metric endpoints and the watermarks endpoint). On the wire it is a bare
/// array <c>[{"id":..,"value":..}]</c> (its custom Jackson serializer), not the <c>{"metrics":[...]}</c> object the
/// OpenAPI document describes; Flink's dashboard reads the array.
/// </summary>
[JsonConverter(typeof(MetricCollectionResponseBodyConverter))]
public sealed record MetricCollectionResponseBody(IReadOnlyList<Metric> Metrics);

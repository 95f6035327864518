using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>Flink's AggregatedMetric: the requested aggregates of one metric over the selected components; the others are left out.</summary>
public sealed record AggregatedMetric(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("min"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null,
    [property: JsonPropertyName("avg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Avg = null,
    [property: JsonPropertyName("sum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sum = null,
    [property: JsonPropertyName("skew"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Skew = null);

/// <summary>Flink's AggregatedMetricsResponseBody: on the wire a bare array of <see cref="AggregatedMetric"/> (its custom serializer).</summary>
[JsonConverter(typeof(AggregatedMetricsResponseBodyConverter))]
public sealed record AggregatedMetricsResponseBody(IReadOnlyList<AggregatedMetric> Metrics);

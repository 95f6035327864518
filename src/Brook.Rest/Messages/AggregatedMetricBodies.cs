using System.Text.Json;
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

/// <summary>Writes and reads the bare array Flink's serializer writes.</summary>
internal sealed class AggregatedMetricsResponseBodyConverter : JsonConverter<AggregatedMetricsResponseBody>
{
    public override AggregatedMetricsResponseBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("An aggregated metric collection is a JSON array.");
        var metrics = new List<AggregatedMetric>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? id = null;
            double? min = null, max = null, avg = null, sum = null, skew = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id": id = reader.GetString(); break;
                    case "min": min = reader.GetDouble(); break;
                    case "max": max = reader.GetDouble(); break;
                    case "avg": avg = reader.GetDouble(); break;
                    case "sum": sum = reader.GetDouble(); break;
                    case "skew": skew = reader.GetDouble(); break;
                    default: reader.Skip(); break;
                }
            }
            metrics.Add(new AggregatedMetric(id ?? throw new JsonException("A metric needs an id."), min, max, avg, sum, skew));
        }
        return new AggregatedMetricsResponseBody(metrics);
    }

    public override void Write(Utf8JsonWriter writer, AggregatedMetricsResponseBody value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var m in value.Metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("id", m.Id);
            Number(writer, "min", m.Min);
            Number(writer, "max", m.Max);
            Number(writer, "avg", m.Avg);
            Number(writer, "sum", m.Sum);
            Number(writer, "skew", m.Skew);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }
}

/// <summary>Flink's JobVertexBackPressureInfo (NON_NULL): the level is written twice, as <c>backpressureLevel</c> and <c>backpressure-level</c>.</summary>
public sealed record JobVertexBackPressureInfo(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("backpressureLevel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BackpressureLevel = null,
    [property: JsonPropertyName("end-timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? EndTimestamp = null,
    [property: JsonPropertyName("subtasks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubtaskBackPressureInfo>? Subtasks = null)
{
    [JsonPropertyName("backpressure-level"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BackpressureLevelDashed => BackpressureLevel;
}

public sealed record SubtaskBackPressureInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("attempt-number"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AttemptNumber,
    [property: JsonPropertyName("backpressureLevel")] string BackpressureLevel,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("idleRatio")] double IdleRatio,
    [property: JsonPropertyName("busyRatio")] double BusyRatio,
    [property: JsonPropertyName("other-concurrent-attempts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubtaskBackPressureInfo>? OtherConcurrentAttempts)
{
    [JsonPropertyName("backpressure-level")]
    public string BackpressureLevelDashed => BackpressureLevel;
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

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

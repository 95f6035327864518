using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>Writes and reads <see cref="MetricCollectionResponseBody"/> as Flink's serializer does: a bare array of metrics.</summary>
internal sealed class MetricCollectionResponseBodyConverter : JsonConverter<MetricCollectionResponseBody>
{
    public override MetricCollectionResponseBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A metric collection is a JSON array.");
        var metrics = new List<Metric>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A metric is a JSON object.");
            string? id = null, value = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id":
                        id = reader.GetString();
                        break;
                    case "value":
                        value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            metrics.Add(new Metric(id ?? throw new JsonException("A metric needs an id."), value));
        }
        return new MetricCollectionResponseBody(metrics);
    }

    public override void Write(Utf8JsonWriter writer, MetricCollectionResponseBody value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var metric in value.Metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("id", metric.Id);
            if (metric.Value is not null) writer.WriteString("value", metric.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

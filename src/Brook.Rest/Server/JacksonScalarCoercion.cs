using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Brook.Rest.Server;

/// <summary>
/// Reads request bodies with the scalar coercions of Flink's Jackson mapper (MapperFeature.ALLOW_COERCION_OF_SCALARS
/// and ACCEPT_FLOAT_AS_INT are on by default, RestMapperUtils leaves them on), so what Flink's dashboard and scripts
/// send is accepted: numbers and booleans as strings (<c>"parallelism":"2"</c>), an empty string as null for
/// optional numbers and booleans, a fraction for an integer (truncated), 0/1 for a boolean, and a number or boolean
/// where text is expected. A null or empty string for a field that cannot be null still fails, as with Flink's
/// FAIL_ON_NULL_FOR_PRIMITIVES.
/// </summary>
internal static class JacksonScalarCoercion
{
    private static readonly ConditionalWeakTable<JsonTypeInfo, JsonTypeInfo> Lenient = new();

    /// <summary>The metadata of the same type, read with Jackson's coercions.</summary>
    public static JsonTypeInfo ForRequests(JsonTypeInfo strict) =>
        Lenient.GetValue(strict, static info =>
        {
            var options = new JsonSerializerOptions(info.Options);
            options.Converters.Add(new IntegerConverter<int>(int.MinValue, int.MaxValue));
            options.Converters.Add(new IntegerConverter<long>(long.MinValue, long.MaxValue));
            options.Converters.Add(new NullableIntegerConverter<int>(new IntegerConverter<int>(int.MinValue, int.MaxValue)));
            options.Converters.Add(new NullableIntegerConverter<long>(new IntegerConverter<long>(long.MinValue, long.MaxValue)));
            options.Converters.Add(new BooleanConverter());
            options.Converters.Add(new NullableBooleanConverter());
            options.Converters.Add(new TextConverter());
            return options.GetTypeInfo(info.Type);
        });

    /// <summary>The text of a string token, trimmed as Jackson trims it before parsing a number or boolean.</summary>
    private static string TrimmedString(ref Utf8JsonReader reader) => reader.GetString()!.Trim();

    /// <summary>An empty string or the text "null" means null to Jackson's scalar deserializers.</summary>
    private static bool MeansNull(string text) => text.Length == 0 || text == "null";

    private static string RawText(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);

    private sealed class IntegerConverter<T>(long min, long max) : JsonConverter<T> where T : struct, IConvertible
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryRead(ref reader, out var value) ? value : throw new JsonException($"Cannot read null as {typeof(T).Name}.");

        /// <summary>False when the input means null (JSON null, "", "null").</summary>
        public bool TryRead(ref Utf8JsonReader reader, out T value)
        {
            long result;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when reader.TryGetInt64(out result):
                    break;
                case JsonTokenType.Number:
                    // ACCEPT_FLOAT_AS_INT: a fraction is truncated; a value beyond the type's range fails.
                    var d = Math.Truncate(reader.GetDouble());
                    if (d < min || d > max) throw new JsonException($"Numeric value {RawText(ref reader)} is out of range of {typeof(T).Name}.");
                    result = (long)d;
                    break;
                case JsonTokenType.String:
                    var text = TrimmedString(ref reader);
                    if (MeansNull(text))
                    {
                        value = default;
                        return false;
                    }
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
                        throw new JsonException($"\"{text}\" is not a valid {typeof(T).Name} value.");
                    break;
                case JsonTokenType.Null:
                    value = default;
                    return false;
                default:
                    throw new JsonException($"Cannot read {reader.TokenType} as {typeof(T).Name}.");
            }
            if (result < min || result > max) throw new JsonException($"Numeric value {result} is out of range of {typeof(T).Name}.");
            value = (T)Convert.ChangeType(result, typeof(T), CultureInfo.InvariantCulture);
            return true;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToInt64(CultureInfo.InvariantCulture));
    }

    private sealed class NullableIntegerConverter<T>(IntegerConverter<T> inner) : JsonConverter<T?> where T : struct, IConvertible
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            inner.TryRead(ref reader, out var value) ? value : null;

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is { } v) inner.Write(writer, v, options);
            else writer.WriteNullValue();
        }
    }

    private static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var n):
                // Jackson's _coerceBooleanFromInt: 0 is false, any other integer true.
                return n != 0;
            case JsonTokenType.String:
                var text = TrimmedString(ref reader);
                return text switch
                {
                    "true" or "True" or "TRUE" => true,
                    "false" or "False" or "FALSE" => false,
                    _ when MeansNull(text) => null,
                    _ => throw new JsonException($"\"{text}\" is not a valid Boolean value: only \"true\" or \"false\" are recognized."),
                };
            default:
                throw new JsonException($"Cannot read {reader.TokenType} as Boolean.");
        }
    }

    private sealed class BooleanConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadBoolean(ref reader) ?? throw new JsonException("Cannot read null as Boolean.");

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

    private sealed class NullableBooleanConverter : JsonConverter<bool?>
    {
        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadBoolean(ref reader);

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteBooleanValue(v);
            else writer.WriteNullValue();
        }
    }

    /// <summary>Jackson's StringDeserializer takes any scalar as text: a number as written, a boolean as "true"/"false".</summary>
    private sealed class TextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => RawText(ref reader),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Cannot read {reader.TokenType} as String."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;

namespace Brook.TestSupport;

/// <summary>
/// Validates JSON bodies against the response schemas of Flink's OpenAPI document, and flags properties the
/// schema does not define (wire-name typos), except the extra fields Flink itself sends (SEMANTICS.md section 5).
/// </summary>
public sealed class OpenApiValidator
{
    private const string ComponentsPrefix = "#/components/schemas/";

    /// <summary>Fields Flink writes that its OpenAPI document leaves out.</summary>
    private static readonly Dictionary<string, string[]> FlinkExtraFields = new()
    {
        ["JobVertexBackPressureInfo"] = ["backpressure-level"],
        ["SubtaskBackPressureInfo"] = ["backpressure-level"],
        ["SerializedThrowable"] = ["class", "stack-trace"],
        // Flink writes these through custom serializers (JobConfigInfo.Serializer, JobResultSerializer); the document lists the Java fields.
        ["JobConfigInfo"] = ["jid", "name", "execution-config"],
        ["JobResult"] = ["id", "application-status", "accumulator-results", "net-runtime", "failure-cause"],
    };

    /// <summary>Bodies Flink's custom serializers write in another shape than the document's (SEMANTICS.md section 6).</summary>
    private static readonly Dictionary<string, string> FlinkWireShapes = new()
    {
        ["MetricCollectionResponseBody"] = """{"type":"array","items":{"$ref":"#/components/schemas/Metric"}}""",
        ["AggregatedMetricsResponseBody"] = """{"type":"array","items":{"type":"object","required":["id"],"additionalProperties":false,"properties":{"id":{"type":"string"},"min":{"type":"number"},"max":{"type":"number"},"avg":{"type":"number"},"sum":{"type":"number"},"skew":{"type":"number"}}}}""",
    };

    /// <summary>Enums Flink writes through custom serializers in other spellings than its document lists (CheckpointConfigInfo.ProcessingModeSerializer: lower case).</summary>
    private static readonly Dictionary<string, string[]> FlinkWireEnums = new()
    {
        ["ProcessingMode"] = ["at_least_once", "exactly_once"],
    };

    private static readonly Lazy<OpenApiValidator> Shared = new(() => Load(SharedContract.Find(SharedContract.OpenApiFile)));
    private static int _schemaCounter;

    private readonly JsonObject _schemas;
    private readonly JsonObject _defs;
    private readonly ConcurrentDictionary<string, JsonSchema?> _compiled = new();

    private OpenApiValidator(JsonObject document)
    {
        Document = document;
        _schemas = document["components"]!["schemas"]!.AsObject();
        _defs = new JsonObject(_schemas.Select(kv => KeyValuePair.Create(kv.Key, ToJsonSchema(kv.Value))));
        foreach (var (name, values) in FlinkWireEnums) _defs[name] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) };
    }

    public static OpenApiValidator Default => Shared.Value;

    public JsonObject Document { get; }

    public static OpenApiValidator Load(string path) => new(YamlToJson.Convert(File.ReadAllText(path))!.AsObject());

    /// <summary>The operation object for a verb and path, with the path as <c>/jobs/:jobid</c> or <c>/jobs/{jobid}</c>.</summary>
    public JsonObject? Operation(string method, string pathTemplate) =>
        Document["paths"]?[ToOpenApiPath(pathTemplate)]?[method.ToLowerInvariant()]?.AsObject();

    public static string ToOpenApiPath(string pathTemplate) =>
        "/" + string.Join('/', pathTemplate.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.StartsWith(':') ? "{" + s[1..] + "}" : s));

    /// <summary>Fails the test unless the body matches the documented schema of that response and has no undocumented fields.</summary>
    public void AssertMatches(string method, string pathTemplate, int status, string json)
    {
        var operation = Operation(method, pathTemplate) ?? throw new Xunit.Sdk.XunitException($"{method} {pathTemplate} is not in the OpenAPI document.");
        var responseSchema = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/json"]?["schema"];
        if (responseSchema is null)
        {
            throw new Xunit.Sdk.XunitException($"The OpenAPI document defines no JSON body for {method} {pathTemplate} {status}.");
        }
        if (responseSchema["$ref"] is JsonValue r && FlinkWireShapes.TryGetValue(r.GetValue<string>()[ComponentsPrefix.Length..], out var wire))
        {
            responseSchema = JsonNode.Parse(wire)!;
        }
        var problems = Validate(responseSchema, $"{method} {pathTemplate} {status}", json);
        Assert.True(problems.Count == 0, $"{method} {pathTemplate} {status} does not match the OpenAPI schema:\n{string.Join('\n', problems)}\nBody: {json}");
    }

    /// <summary>Validates against a named component schema (e.g. ErrorResponseBody is not in the document, so callers check errors themselves).</summary>
    public IReadOnlyList<string> Validate(JsonNode responseSchema, string cacheKey, string json)
    {
        var schema = _compiled.GetOrAdd(cacheKey, _ => Compile(responseSchema));
        using var instance = JsonDocument.Parse(json);
        var problems = new List<string>();
        var results = schema!.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            problems.AddRange((results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));
            if (problems.Count == 0) problems.Add("the body does not validate");
        }
        FindUndocumented(JsonNode.Parse(json), responseSchema, null, "$", problems);
        return problems;
    }

    private JsonSchema Compile(JsonNode responseSchema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:brook:openapi:{Interlocked.Increment(ref _schemaCounter)}",
            ["$defs"] = _defs.DeepClone(),
            ["allOf"] = new JsonArray(ToJsonSchema(responseSchema)),
        };
        return JsonSchema.FromText(root.ToJsonString());
    }

    /// <summary>
    /// OpenAPI 3.0 → JSON Schema 2020-12: component refs move to $defs; oneOf becomes anyOf (the document's oneOf
    /// branches overlap, e.g. {} matches all three operation kinds); discriminator is dropped; and every property
    /// may be null, because Jackson writes unset fields as null and the document never says nullable.
    /// </summary>
    private static JsonNode? ToJsonSchema(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    switch (key)
                    {
                        case "$ref":
                            result["$ref"] = "#/$defs/" + value!.GetValue<string>()[ComponentsPrefix.Length..];
                            break;
                        case "discriminator":
                            break;
                        case "oneOf":
                            result["anyOf"] = ToJsonSchema(value);
                            break;
                        case "properties":
                            result["properties"] = new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key,
                                new JsonObject { ["anyOf"] = new JsonArray(ToJsonSchema(p.Value), new JsonObject { ["type"] = "null" }) })));
                            break;
                        default:
                            result[key] = ToJsonSchema(value);
                            break;
                    }
                }
                return result;
            case JsonArray arr:
                return new JsonArray(arr.Select(ToJsonSchema).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private void FindUndocumented(JsonNode? instance, JsonNode? schema, string? schemaName, string path, List<string> problems)
    {
        if (instance is null || schema is not JsonObject s) return;
        if (s["$ref"] is JsonValue r)
        {
            var name = r.GetValue<string>()[ComponentsPrefix.Length..];
            FindUndocumented(instance, _schemas[name], name, path, problems);
            return;
        }
        switch (instance)
        {
            case JsonArray arr when s["items"] is { } items:
                for (var i = 0; i < arr.Count; i++) FindUndocumented(arr[i], items, null, $"{path}[{i}]", problems);
                break;
            case JsonObject obj:
                var properties = new Dictionary<string, JsonNode?>();
                var names = new HashSet<string>();
                JsonNode? additional = null;
                CollectProperties(obj, s, schemaName, properties, names, ref additional);
                if (properties.Count == 0 && additional is null) return;
                foreach (var (key, value) in obj)
                {
                    if (properties.TryGetValue(key, out var propertySchema)) FindUndocumented(value, propertySchema, null, $"{path}.{key}", problems);
                    else if (additional is JsonObject) FindUndocumented(value, additional, null, $"{path}.{key}", problems);
                    else if (additional is null && !names.Contains(key)) problems.Add($"{path}.{key}: property not defined by the schema");
                }
                break;
        }
    }

    /// <summary>Gathers the properties an object may have: its own, allOf/anyOf/oneOf branches, the discriminated subtype, Flink's extras.</summary>
    /// <remarks>Each named schema is entered once: a subtype's allOf names its base, whose discriminator names the subtype again.</remarks>
    private void CollectProperties(JsonObject instance, JsonObject schema, string? schemaName, Dictionary<string, JsonNode?> properties,
        HashSet<string> extraNames, ref JsonNode? additional, HashSet<string>? visited = null)
    {
        visited ??= [];
        if (schemaName is not null) visited.Add(schemaName);
        if (schema["$ref"] is JsonValue r)
        {
            var name = r.GetValue<string>()[ComponentsPrefix.Length..];
            if (visited.Contains(name)) return;
            CollectProperties(instance, _schemas[name]!.AsObject(), name, properties, extraNames, ref additional, visited);
            return;
        }
        if (schemaName is not null && FlinkExtraFields.TryGetValue(schemaName, out var extras)) extraNames.UnionWith(extras);
        if (schema["properties"] is JsonObject props)
        {
            foreach (var (k, p) in props) properties.TryAdd(k, p);
        }
        if (schema["additionalProperties"] is { } ap && !(ap is JsonValue b && b.GetValueKind() == JsonValueKind.False)) additional = ap;
        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema[combinator] is not JsonArray branches) continue;
            foreach (var branch in branches.OfType<JsonObject>()) CollectProperties(instance, branch, null, properties, extraNames, ref additional, visited);
        }
        if (schema["discriminator"] is JsonObject d && d["propertyName"]?.GetValue<string>() is { } prop
            && instance[prop] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && d["mapping"]?[v.GetValue<string>()]?.GetValue<string>() is { } target && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
        {
            var name = target[ComponentsPrefix.Length..];
            if (!visited.Contains(name)) CollectProperties(instance, _schemas[name]!.AsObject(), name, properties, extraNames, ref additional, visited);
        }
    }
}

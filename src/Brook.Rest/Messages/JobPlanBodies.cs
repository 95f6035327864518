using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/plan and the jar plan: Flink's JSON plan of the JobGraph.</summary>
public sealed record JobPlanInfo([property: JsonPropertyName("plan")] JobPlan Plan);

public sealed record JobPlan(
    [property: JsonPropertyName("jid")] string JobId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("nodes")] IReadOnlyList<JobPlanNode> Nodes);

/// <summary>
/// A vertex of the plan as Flink 2.1's typed JobPlanInfo.Plan.Node writes it (JsonPlanGenerator): every node has
/// <c>inputs</c> (empty for sources) and <c>optimizer_properties</c>, a string holding <c>{}</c> since Flink has no
/// optimizer properties for streaming vertices. Flink's Java clients build nodes with both required.
/// </summary>
public sealed record JobPlanNode(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("parallelism")] int Parallelism,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("operator_strategy")] string OperatorStrategy,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("inputs")] IReadOnlyList<JobPlanNodeInput> Inputs)
{
    /// <summary>JsonPlanGenerator's value for a vertex without optimizer properties.</summary>
    public const string NoOptimizerProperties = "{}";

    [JsonPropertyName("optimizer_properties")]
    public string OptimizerProperties { get; init; } = NoOptimizerProperties;
}

/// <summary>An input edge; <c>local_strategy</c> and <c>caching</c> are null as Flink writes them for streaming edges.</summary>
public sealed record JobPlanNodeInput(
    [property: JsonPropertyName("num")] int Num,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("ship_strategy")] string ShipStrategy,
    [property: JsonPropertyName("exchange")] string Exchange)
{
    [JsonPropertyName("local_strategy")]
    public string? LocalStrategy { get; init; }

    [JsonPropertyName("caching")]
    public string? Caching { get; init; }
}

using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/plan and the jar plan: Flink's JSON plan of the JobGraph.</summary>
public sealed record JobPlanInfo([property: JsonPropertyName("plan")] JobPlan Plan);

public sealed record JobPlan(
    [property: JsonPropertyName("jid")] string JobId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("nodes")] IReadOnlyList<JobPlanNode> Nodes);

/// <summary>A vertex of the plan; <c>inputs</c> is left out for sources, as Flink's JsonPlanGenerator does.</summary>
public sealed record JobPlanNode(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("parallelism")] int Parallelism,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("operator_strategy")] string OperatorStrategy,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("inputs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JobPlanNodeInput>? Inputs);

public sealed record JobPlanNodeInput(
    [property: JsonPropertyName("num")] int Num,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("ship_strategy")] string ShipStrategy,
    [property: JsonPropertyName("exchange")] string Exchange);

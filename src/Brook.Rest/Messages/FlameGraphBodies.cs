using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>
/// Flink's VertexFlameGraph: the end of the sampling and the tree of sampled frames; without data, endTimestamp is a
/// sentinel (-1 terminated, -2 disabled, -3 waiting for the first samples). Flink leaves out null fields here.
/// </summary>
public sealed record VertexFlameGraph(
    [property: JsonPropertyName("endTimestamp")] long EndTimestamp,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FlameGraphNode? Data)
{
    public static VertexFlameGraph Terminated() => new(-1, null);

    public static VertexFlameGraph Disabled() => new(-2, null);

    public static VertexFlameGraph Waiting() => new(-3, null);
}

/// <summary>Flink's VertexFlameGraph.Node: a frame, how many samples passed through it, and the frames it called.</summary>
public sealed record FlameGraphNode(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] int Value,
    [property: JsonPropertyName("children")] IReadOnlyList<FlameGraphNode> Children);

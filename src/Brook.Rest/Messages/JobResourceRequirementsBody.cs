using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>
/// GET/PUT /jobs/:jobid/resource-requirements (Flink's JobResourceRequirementsBody): the parallelism bounds of every
/// job vertex, by vertex id: <c>{"&lt;vertex id&gt;":{"parallelism":{"lowerBound":1,"upperBound":4}}}</c>.
/// </summary>
public sealed class JobResourceRequirementsBody : Dictionary<string, JobVertexResourceRequirements>;

/// <summary>One vertex's requirements (Flink's JobVertexResourceRequirements).</summary>
public sealed record JobVertexResourceRequirements([property: JsonPropertyName("parallelism")] ParallelismBounds? Parallelism);

/// <summary>Flink's JobVertexResourceRequirements.Parallelism: -1 for either bound means its default (1, the max parallelism).</summary>
public sealed record ParallelismBounds(
    [property: JsonPropertyName("lowerBound")] int LowerBound,
    [property: JsonPropertyName("upperBound")] int UpperBound);

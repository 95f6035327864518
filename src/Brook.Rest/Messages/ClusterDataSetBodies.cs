using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /datasets (Flink's ClusterDataSetListResponseBody): the cluster data sets, i.e. the cached intermediate results.</summary>
public sealed record ClusterDataSetListResponseBody([property: JsonPropertyName("dataSets")] IReadOnlyList<ClusterDataSetEntry> DataSets);

/// <summary>One cluster data set: its 32-hex IntermediateDataSetID and whether every partition is still hosted.</summary>
public sealed record ClusterDataSetEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("isComplete")] bool IsComplete);

using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /overview. The blocked counts are left out when zero, as Flink's NON_DEFAULT inclusion does.</summary>
public sealed record ClusterOverviewWithVersion(
    [property: JsonPropertyName("taskmanagers")] int TaskManagers,
    [property: JsonPropertyName("slots-total")] int SlotsTotal,
    [property: JsonPropertyName("slots-available")] int SlotsAvailable,
    [property: JsonPropertyName("jobs-running")] int JobsRunning,
    [property: JsonPropertyName("jobs-finished")] int JobsFinished,
    [property: JsonPropertyName("jobs-cancelled")] int JobsCancelled,
    [property: JsonPropertyName("jobs-failed")] int JobsFailed,
    [property: JsonPropertyName("flink-version")] string FlinkVersion,
    [property: JsonPropertyName("flink-commit")] string FlinkCommit,
    [property: JsonPropertyName("taskmanagers-blocked"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int TaskManagersBlocked = 0,
    [property: JsonPropertyName("slots-free-and-blocked"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int SlotsFreeAndBlocked = 0);

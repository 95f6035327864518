using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs.</summary>
public sealed record JobIdsWithStatusOverview([property: JsonPropertyName("jobs")] IReadOnlyList<JobIdWithStatus> Jobs);

public sealed record JobIdWithStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status);

/// <summary>GET /jobs/overview.</summary>
public sealed record MultipleJobsDetails([property: JsonPropertyName("jobs")] IReadOnlyList<JobDetails> Jobs);

/// <summary>One job in /jobs/overview; <c>tasks</c> has <c>total</c> and one lower-case key per execution state.</summary>
public sealed record JobDetails(
    [property: JsonPropertyName("jid")] string JobId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("start-time")] long StartTime,
    [property: JsonPropertyName("end-time")] long EndTime,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("last-modification")] long LastModification,
    [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, int> Tasks,
    [property: JsonPropertyName("pending-operators")] int PendingOperators);

using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid (Flink's JobDetailsInfo).</summary>
public sealed record JobDetailsInfo(
    [property: JsonPropertyName("jid")] string JobId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("isStoppable")] bool IsStoppable,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("job-type")] string JobType,
    [property: JsonPropertyName("start-time")] long StartTime,
    [property: JsonPropertyName("end-time")] long EndTime,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("maxParallelism")] long MaxParallelism,
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("timestamps")] IReadOnlyDictionary<string, long> Timestamps,
    [property: JsonPropertyName("vertices")] IReadOnlyList<JobDetailsVertexInfo> Vertices,
    [property: JsonPropertyName("status-counts")] IReadOnlyDictionary<string, int> StatusCounts,
    [property: JsonPropertyName("plan")] JobPlan Plan,
    [property: JsonPropertyName("pending-operators")] int PendingOperators);

/// <summary>A vertex in the job details.</summary>
public sealed record JobDetailsVertexInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("maxParallelism")] int MaxParallelism,
    [property: JsonPropertyName("parallelism")] int Parallelism,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("start-time")] long StartTime,
    [property: JsonPropertyName("end-time")] long EndTime,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, int> Tasks,
    [property: JsonPropertyName("metrics")] IOMetricsInfo Metrics);

/// <summary>Record and byte counts and accumulated times of one or more subtasks.</summary>
public sealed record IOMetricsInfo(
    [property: JsonPropertyName("read-bytes")] long ReadBytes,
    [property: JsonPropertyName("read-bytes-complete")] bool ReadBytesComplete,
    [property: JsonPropertyName("write-bytes")] long WriteBytes,
    [property: JsonPropertyName("write-bytes-complete")] bool WriteBytesComplete,
    [property: JsonPropertyName("read-records")] long ReadRecords,
    [property: JsonPropertyName("read-records-complete")] bool ReadRecordsComplete,
    [property: JsonPropertyName("write-records")] long WriteRecords,
    [property: JsonPropertyName("write-records-complete")] bool WriteRecordsComplete,
    [property: JsonPropertyName("accumulated-backpressured-time")] long AccumulatedBackpressuredTime,
    [property: JsonPropertyName("accumulated-idle-time")] long AccumulatedIdleTime,
    [property: JsonPropertyName("accumulated-busy-time")] double AccumulatedBusyTime);

/// <summary>GET /jobs/:jobid/status.</summary>
public sealed record JobStatusInfo([property: JsonPropertyName("status")] string Status);

/// <summary>GET .../log-url.</summary>
public sealed record LogUrlResponse([property: JsonPropertyName("url")] string Url);

/// <summary>PATCH /jobs/:jobid/clientHeartbeat body.</summary>
public sealed record JobClientHeartbeatRequestBody([property: JsonPropertyName("expiredTimestamp")] long ExpiredTimestamp = 0);

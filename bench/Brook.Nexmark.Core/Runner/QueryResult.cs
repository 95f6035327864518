using System.Text.Json.Serialization;

namespace Brook.Nexmark.Runner;

/// <summary>One query's measured run. Cores = process CPU time (utime + stime) over the run ÷ its wall time.</summary>
public sealed record QueryResult(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("eventsPerSecond")] double EventsPerSecond,
    [property: JsonPropertyName("cores")] double Cores,
    [property: JsonPropertyName("eventsPerSecondPerCore")] double EventsPerSecondPerCore,
    [property: JsonPropertyName("flinkEventsPerSecondPerCore")] double? FlinkEventsPerSecondPerCore,
    [property: JsonPropertyName("checkpoints")] long Checkpoints,
    [property: JsonPropertyName("checkpointMeanDurationMs")] long CheckpointMeanDurationMs,
    [property: JsonPropertyName("checkpointMaxStateBytes")] long CheckpointMaxStateBytes,
    [property: JsonPropertyName("outputRows")] long OutputRows);

[JsonSerializable(typeof(List<QueryResult>))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class NexmarkJsonContext : JsonSerializerContext;

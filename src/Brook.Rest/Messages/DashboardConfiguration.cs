using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /config.</summary>
public sealed record DashboardConfiguration(
    [property: JsonPropertyName("refresh-interval")] long RefreshInterval,
    [property: JsonPropertyName("timezone-name")] string TimeZoneName,
    [property: JsonPropertyName("timezone-offset")] int TimeZoneOffset,
    [property: JsonPropertyName("flink-version")] string FlinkVersion,
    [property: JsonPropertyName("flink-revision")] string FlinkRevision,
    [property: JsonPropertyName("features")] DashboardFeatures Features);

public sealed record DashboardFeatures(
    [property: JsonPropertyName("web-submit")] bool WebSubmit,
    [property: JsonPropertyName("web-cancel")] bool WebCancel,
    [property: JsonPropertyName("web-rescale")] bool WebRescale,
    [property: JsonPropertyName("web-history")] bool WebHistory);

using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /config: what Flink's dashboard needs to know about the cluster.</summary>
public static class DashboardConfigurationHandler
{
    /// <param name="webRescale">Whether jobs can be rescaled from the dashboard (the adaptive scheduler runs them).</param>
    public static DashboardConfiguration Handle(long refreshInterval, TimeZoneInfo timeZone, DateTimeOffset now, bool webRescale = false) =>
        new(refreshInterval,
            timeZone.IsDaylightSavingTime(now) ? timeZone.DaylightName : timeZone.StandardName,
            (int)timeZone.GetUtcOffset(now).TotalMilliseconds,
            BrookVersion.FlinkVersion,
            BrookVersion.Revision,
            new DashboardFeatures(WebSubmit: true, WebCancel: true, WebRescale: webRescale, WebHistory: false));
}

using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /config: what Flink's dashboard needs to know about the cluster.</summary>
public static class DashboardConfigurationHandler
{
    public static DashboardConfiguration Handle(long refreshInterval, TimeZoneInfo timeZone, DateTimeOffset now) =>
        new(refreshInterval,
            timeZone.IsDaylightSavingTime(now) ? timeZone.DaylightName : timeZone.StandardName,
            (int)timeZone.GetUtcOffset(now).TotalMilliseconds,
            BrookVersion.FlinkVersion,
            BrookVersion.Revision,
            new DashboardFeatures(WebSubmit: true, WebCancel: true, WebRescale: false, WebHistory: false));
}

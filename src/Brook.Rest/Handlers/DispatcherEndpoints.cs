using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Handlers;

/// <summary>The JobManager's endpoint table: one spec and one thin handler per endpoint.</summary>
public static class DispatcherEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway, TimeProvider time) => Create(gateway, time, new Metrics.MetricFetcher(gateway, time));

    private static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway, TimeProvider time, Metrics.MetricFetcher metrics) =>
    [
        Get("/config", Json.DashboardConfiguration, "Returns the configuration of the WebUI.",
            _ => DashboardConfigurationHandler.Handle(gateway.Cluster.RefreshInterval, time.LocalTimeZone, time.GetUtcNow(),
                RescalingEndpoints.WebRescaleEnabled(gateway.Cluster.ConfigurationEntries))),
        Get("/overview", Json.ClusterOverviewWithVersion, "Returns an overview over the Flink cluster.",
            _ => ClusterOverviewHandler.Handle(gateway.RequestTaskManagers(), gateway.RequestJobs())),
        Get("/jobs", Json.JobIdsWithStatusOverview, "Returns an overview over all jobs and their current state.",
            _ => JobsOverviewHandlers.JobIds(gateway.RequestJobs())),
        Get("/jobs/overview", Json.MultipleJobsDetails, "Returns an overview over all jobs.",
            _ => JobsOverviewHandlers.Details(gateway.RequestJobs(), time.GetUtcNow().ToUnixTimeMilliseconds())),
        Get("/jobmanager/config", Json.IReadOnlyListConfigurationInfoEntry, "Returns the cluster configuration.",
            _ => JobManagerHandlers.Config(gateway.Cluster.ConfigurationEntries)),
        Get("/jobmanager/environment", Json.EnvironmentInfo, "Returns the jobmanager environment.",
            _ => JobManagerHandlers.Environment(gateway.Cluster.Environment)),
        Get("/jobmanager/logs", Json.LogListInfo, "Returns the list of log files on the JobManager.",
            _ => LogFileHandlers.List(gateway.Cluster.Logs)),
        File("/jobmanager/log", [], "Returns the JobManager's current log file.",
            _ => LogFileHandlers.Resolve(gateway.Cluster.Logs, gateway.Cluster.Logs.CurrentLogFile())),
        File("/jobmanager/stdout", [], "Returns the JobManager's stdout file.",
            _ => LogFileHandlers.Resolve(gateway.Cluster.Logs, gateway.Cluster.Logs.StdoutFile)),
        File("/jobmanager/logs/:filename", [RestParameters.LogFileNamePath], "Returns a file of the JobManager's log directory.",
            r => LogFileHandlers.Resolve(gateway.Cluster.Logs, r.Path<string>("filename"))),
        Get("/taskmanagers", Json.TaskManagersInfo, "Returns an overview over all task managers.",
            _ => TaskManagerHandlers.List(gateway.RequestTaskManagers())),
        Get("/taskmanagers/:taskmanagerid", Json.TaskManagerDetailsInfo, "Returns details for a task manager.",
            r =>
            {
                var id = r.Path<ResourceId>("taskmanagerid");
                var tm = gateway.RequestTaskManager(id) ?? throw TaskManagerHandlers.UnknownTaskManager(id);
                return TaskManagerHandlers.Details(tm, metrics.Read(s => TaskManagerHandlers.Metrics(s.TaskManagers.GetValueOrDefault(id.Hex))));
            },
            [RestParameters.TaskManagerIdPath]),
        new RestEndpoint(
            new RestEndpointSpec(RestVerb.Delete, "/cluster", [], [], Json.EmptyRequestBody, Json.EmptyResponseBody, 200,
                "Shuts down the cluster"),
            (_, _) => ValueTask.FromResult<RestResult>(new JsonResult(new EmptyResponseBody(), Json.EmptyResponseBody)
            {
                AfterResponse = gateway.ShutDownCluster,
            })),
        .. JobEndpoints.Create(gateway),
        .. CheckpointEndpoints.Create(gateway),
        .. SavepointEndpoints.Create(gateway),
        .. SavepointDisposalEndpoints.Create(gateway),
        .. ClusterDataSetEndpoints.Create(gateway),
        .. RescalingEndpoints.Create(gateway),
        .. JarEndpoints.Create(gateway),
        .. Metrics.MetricEndpoints.Create(metrics),
        .. DiagnosticsEndpoints.Create(gateway, time),
    ];

    private static RestEndpoint Get<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> response, string description,
        Func<RestRequest, T> handle, IReadOnlyList<PathParameterSpec>? pathParameters = null) where T : notnull =>
        new(new RestEndpointSpec(RestVerb.Get, path, pathParameters ?? [], [], Json.EmptyRequestBody, response, 200, description),
            (request, _) => ValueTask.FromResult<RestResult>(new JsonResult(handle(request), response)));

    private static RestEndpoint File(string path, IReadOnlyList<PathParameterSpec> pathParameters, string description, Func<RestRequest, string> resolve) =>
        new(new RestEndpointSpec(RestVerb.Get, path, pathParameters, [], Json.EmptyRequestBody, null, 200, description),
            (request, _) => ValueTask.FromResult<RestResult>(new FileResult(resolve(request), LogFileHandlers.PlainText)));
}

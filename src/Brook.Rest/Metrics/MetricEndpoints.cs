using System.Text.Json.Serialization.Metadata;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Metrics;

/// <summary>The metric and back-pressure endpoints, all reading one MetricFetcher's store (Flink's metric handlers).</summary>
public static class MetricEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    private static readonly QueryParameterSpec GetQuery = RestParameters.String("get", "Comma-separated list of string values to select specific metrics.");

    private static readonly QueryParameterSpec AggQuery = RestParameters.Enum<AggregationMode>("agg",
        "Comma-separated list of aggregation modes which should be calculated. Available aggregations are: \"min, max, sum, avg, skew\".",
        m => m.ToString().ToUpperInvariant());

    private static readonly QueryParameterSpec JobsQuery = RestParameters.JobIdList("jobs", "Comma-separated list of 32-character hexadecimal strings to select specific jobs.");

    private static readonly QueryParameterSpec TaskManagersQuery = RestParameters.String("taskmanagers",
        "Comma-separated list of 32-character hexadecimal strings to select specific task managers.");

    private static readonly QueryParameterSpec SubtasksQuery = new("subtasks", typeof(int[]), s => MetricsHandlers.ParseSubtaskRange(s),
        "Comma-separated list of integer ranges (e.g. \"1,3,5-9\") to select specific subtasks.");

    public static IReadOnlyList<RestEndpoint> Create(MetricFetcher fetcher)
    {
        PathParameterSpec jobId = RestParameters.JobIdPath, vertexId = JobEndpoints.VertexIdPath;
        return
        [
            List("/jobmanager/metrics", "Provides access to job manager metrics.", [], fetcher, (s, _) => s.JobManager),
            List("/taskmanagers/:taskmanagerid/metrics", "Provides access to task manager metrics.", [RestParameters.TaskManagerIdPath], fetcher,
                (s, r) => s.TaskManagers.GetValueOrDefault(r.Path<ResourceId>("taskmanagerid").Hex)),
            List("/jobs/:jobid/metrics", "Provides access to job metrics.", [jobId], fetcher, (s, r) => s.Jobs.GetValueOrDefault(r.Path<JobId>("jobid").Hex)),
            List("/jobs/:jobid/vertices/:vertexid/metrics", "Provides access to task metrics.", [jobId, vertexId], fetcher,
                (s, r) => s.Task(r.Path<JobId>("jobid").Hex, r.Path<JobVertexId>("vertexid").Hex)),
            List("/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics", "Provides access to subtask metrics.",
                [jobId, vertexId, JobEndpoints.SubtaskIndexPath], fetcher,
                (s, r) => s.Task(r.Path<JobId>("jobid").Hex, r.Path<JobVertexId>("vertexid").Hex)?.Subtasks.GetValueOrDefault(r.Path<int>("subtaskindex"))),
            List("/jobs/:jobid/vertices/:vertexid/jm-operator-metrics",
                "Provides access to jobmanager operator metrics. This is an operator that executes on the jobmanager and the coordinator for FLIP 27 sources is one example of such an operator.",
                [jobId, vertexId], fetcher,
                (s, r) => s.Jobs.GetValueOrDefault(r.Path<JobId>("jobid").Hex)?.JobManagerOperators.GetValueOrDefault(r.Path<JobVertexId>("vertexid").Hex)),
            Aggregated("/taskmanagers/metrics", "Provides access to aggregated task manager metrics.", [], [TaskManagersQuery], fetcher, (s, r) =>
            {
                var ids = r.Query<string>("taskmanagers");
                return ids.Count == 0 ? s.TaskManagers.Values : ids.Select(id => s.TaskManagers.GetValueOrDefault(id)).OfType<ComponentMetricStore>().ToList();
            }),
            Aggregated("/jobs/metrics", "Provides access to aggregated job metrics.", [], [JobsQuery], fetcher, (s, r) =>
            {
                var ids = r.Query<JobId>("jobs");
                return ids.Count == 0 ? s.Jobs.Values : ids.Select(id => s.Jobs.GetValueOrDefault(id.Hex)).OfType<ComponentMetricStore>().ToList();
            }),
            Aggregated("/jobs/:jobid/vertices/:vertexid/subtasks/metrics", "Provides access to aggregated subtask metrics.", [jobId, vertexId], [SubtasksQuery],
                fetcher, (s, r) => MetricsHandlers.Subtasks(s.Task(r.Path<JobId>("jobid").Hex, r.Path<JobVertexId>("vertexid").Hex), r.Query<int[]>("subtasks"))),
            Endpoint("/jobs/:jobid/vertices/:vertexid/backpressure", Json.JobVertexBackPressureInfo, "Returns back-pressure information for a job, and may initiate back-pressure sampling if necessary.",
                [jobId, vertexId], [], r => fetcher.Read(s =>
                    MetricsHandlers.BackPressure(s.Task(r.Path<JobId>("jobid").Hex, r.Path<JobVertexId>("vertexid").Hex), fetcher.LastUpdateTimeUnlocked))),
        ];
    }

    private static RestEndpoint List(string path, string description, IReadOnlyList<PathParameterSpec> pathParameters, MetricFetcher fetcher,
        Func<MetricStore, RestRequest, ComponentMetricStore?> store) =>
        Endpoint(path, Json.MetricCollectionResponseBody, description, pathParameters, [GetQuery],
            r => fetcher.Read(s => MetricsHandlers.Get(store(s, r), Requested(r))));

    private static RestEndpoint Aggregated(string path, string description, IReadOnlyList<PathParameterSpec> pathParameters, IReadOnlyList<QueryParameterSpec> filter,
        MetricFetcher fetcher, Func<MetricStore, RestRequest, IReadOnlyCollection<ComponentMetricStore>?> stores) =>
        Endpoint(path, Json.AggregatedMetricsResponseBody, description, pathParameters, [GetQuery, AggQuery, .. filter],
            r => fetcher.Read(s => MetricsHandlers.Aggregate(stores(s, r), Requested(r), r.Query<AggregationMode>("agg"))));

    /// <summary>The names of <c>get</c>: Flink splits the (joined) values on ',' and keeps empty names out.</summary>
    private static IReadOnlyList<string> Requested(RestRequest r) => r.Query<string>("get").Where(n => n.Length > 0).ToList();

    private static RestEndpoint Endpoint<T>(string path, JsonTypeInfo<T> response, string description, IReadOnlyList<PathParameterSpec> pathParameters,
        IReadOnlyList<QueryParameterSpec> query, Func<RestRequest, T> handle) where T : notnull =>
        new(new RestEndpointSpec(RestVerb.Get, path, pathParameters, query, Json.EmptyRequestBody, response, 200, description),
            (r, _) => ValueTask.FromResult<RestResult>(new JsonResult(handle(r), response)));
}

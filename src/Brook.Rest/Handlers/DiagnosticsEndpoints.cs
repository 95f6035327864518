using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Rest.ThreadInfo;

namespace Brook.Rest.Handlers;

/// <summary>Thread dumps, flame graphs and the TaskManagers' log files (docs/diagnostics.md).</summary>
public static class DiagnosticsEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    private static readonly QueryParameterSpec FlameGraphTypeQuery = RestParameters.Enum<FlameGraphType>("type",
        "String value that specifies the Flame Graph type. Supported options are: \"[FULL, ON_CPU, OFF_CPU]\".", t => t.ToString());

    private static readonly QueryParameterSpec SubtaskIndexQuery = new("subtaskindex", typeof(int), s =>
    {
        var i = int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return i >= 0 ? i : throw new FormatException($"subtaskindex must be positive, was: {i}");
    }, "Positive integer value that identifies a subtask.");

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway, TimeProvider time)
    {
        var config = new Configuration(gateway.Cluster.ConfigurationEntries);
        var maxDepth = config.Get(ThreadDumpOptions.StacktraceMaxDepth);
        var flameGraphs = FlameGraphSettings.From(config);
        var tracker = new VertexThreadInfoTracker(gateway.Diagnostics, flameGraphs, time);
        return
        [
            Get("/jobmanager/thread-dump", Json.ThreadDumpInfo, "Returns the thread dump of the JobManager.", [], [],
                async (_, ct) => ThreadDumpHandlers.Create(await gateway.Diagnostics.RequestJobManagerThreadDumpAsync(maxDepth, ct), maxDepth)),
            Get("/taskmanagers/:taskmanagerid/thread-dump", Json.ThreadDumpInfo, "Returns the thread dump of the requested TaskManager.",
                [RestParameters.TaskManagerIdPath], [],
                async (r, ct) =>
                {
                    var id = r.Path<ResourceId>("taskmanagerid");
                    var threads = await gateway.Diagnostics.RequestTaskManagerThreadDumpAsync(id, maxDepth, ct)
                                  ?? throw TaskManagerLogHandlers.UnknownTaskManager(id);
                    return ThreadDumpHandlers.Create(threads, maxDepth);
                }),
            Get("/jobs/:jobid/vertices/:vertexid/flamegraph", Json.VertexFlameGraph,
                "Returns flame graph information for a vertex, and may initiate flame graph sampling if necessary.",
                [RestParameters.JobIdPath, JobEndpoints.VertexIdPath], [FlameGraphTypeQuery, SubtaskIndexQuery],
                (r, _) =>
                {
                    // Flink registers a handler that answers "disabled" without looking at the job when the feature is off.
                    if (!flameGraphs.Enabled) return Task.FromResult(VertexFlameGraph.Disabled());
                    var job = r.Path<JobId>("jobid");
                    var info = gateway.RequestExecutionGraph(job) ?? throw FlinkJobNotFoundException.NotFound(job);
                    var vertex = JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"));
                    var type = r.Query<FlameGraphType>("type") is [var t, ..] ? t : FlameGraphType.FULL;
                    int? subtask = r.Query<int>("subtaskindex") is [var s, ..] ? s : null;
                    return Task.FromResult(FlameGraphHandler.Handle(tracker, job, vertex, type, subtask));
                }),
            Get("/taskmanagers/:taskmanagerid/logs", Json.LogListInfo, "Returns the list of log files on a TaskManager.", [RestParameters.TaskManagerIdPath], [],
                async (r, ct) =>
                {
                    var id = r.Path<ResourceId>("taskmanagerid");
                    return await gateway.Diagnostics.RequestTaskManagerLogListAsync(id, ct) ?? throw TaskManagerLogHandlers.UnknownTaskManager(id);
                }),
            TaskManagerFile(gateway, "/taskmanagers/:taskmanagerid/log", [], "Returns the TaskManager's current log file.", TaskManagerFileType.Log, _ => null),
            TaskManagerFile(gateway, "/taskmanagers/:taskmanagerid/stdout", [], "Returns the TaskManager's stdout file.", TaskManagerFileType.Stdout, _ => null),
            TaskManagerFile(gateway, "/taskmanagers/:taskmanagerid/logs/:filename", [RestParameters.LogFileNamePath], "Returns a file of the TaskManager's log directory.",
                TaskManagerFileType.Named, r => r.Path<string>("filename")),
        ];
    }

    private static RestEndpoint Get<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> response, string description,
        IReadOnlyList<PathParameterSpec> pathParameters, IReadOnlyList<QueryParameterSpec> query, Func<RestRequest, CancellationToken, Task<T>> handle)
        where T : notnull =>
        new(new RestEndpointSpec(RestVerb.Get, path, pathParameters, query, Json.EmptyRequestBody, response, 200, description),
            async (request, ct) => new JsonResult(await handle(request, ct), response));

    private static RestEndpoint TaskManagerFile(IRestfulGateway gateway, string path, IReadOnlyList<PathParameterSpec> extraPath, string description,
        TaskManagerFileType type, Func<RestRequest, string?> fileName) =>
        new(new RestEndpointSpec(RestVerb.Get, path, [RestParameters.TaskManagerIdPath, .. extraPath], [], Json.EmptyRequestBody, null, 200, description),
            async (request, ct) =>
            {
                var id = request.Path<ResourceId>("taskmanagerid");
                var file = await gateway.Diagnostics.RequestTaskManagerFileAsync(id, type, fileName(request), ct)
                           ?? throw TaskManagerLogHandlers.UnknownTaskManagerFile(id);
                return new FileResult(file, LogFileHandlers.PlainText);
            });
}

using System.Globalization;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using System.Text.Json.Serialization.Metadata;

namespace Brook.Rest.Handlers;

/// <summary>The job endpoints of the table: views of one job read from one snapshot, cancellation and client heartbeats.</summary>
public static class JobEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static readonly PathParameterSpec VertexIdPath = new("vertexid", typeof(JobVertexId), s => JobVertexId.Parse(s),
        "32-character hexadecimal string value that identifies a job vertex.");

    public static readonly PathParameterSpec SubtaskIndexPath = new("subtaskindex", typeof(int), s =>
    {
        var i = int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return i >= 0 ? i : throw new FormatException($"subtaskindex must be positive, was: {i}");
    }, "Positive integer value that identifies a subtask.");

    public static readonly PathParameterSpec AttemptPath = new("attempt", typeof(int),
        s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), "Positive integer value that identifies an execution attempt.");

    private static readonly QueryParameterSpec ModeQuery = RestParameters.Enum<TerminationMode>("mode",
        "String value that specifies the termination mode. The only supported value is: \"cancel\".", m => m.ToString());

    private static readonly QueryParameterSpec MaxExceptionsQuery = RestParameters.Int("maxExceptions",
        "Comma-separated list of integer values that specifies the upper limit of exceptions to return.");

    private static readonly QueryParameterSpec FailureLabelQuery = new("failureLabelFilter", typeof(KeyValuePair<string, string>),
        s => JobExceptionsHandler.ParseLabel(s),
        "Collection of string values working as a filter in the form of `key:value` pairs allowing only exceptions with ALL of the specified failure labels to be returned.");

    private static readonly QueryParameterSpec IncludeSerializedValueQuery = new("includeSerializedValue", typeof(bool), ParseBool,
        "Boolean value that specifies whether serialized user task accumulators should be included in the response.");

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        Job(gateway, "/jobs/:jobid", Json.JobDetailsInfo, "Returns details of a job.", (info, _) => JobDetailsHandler.Details(info)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/status", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.JobStatusInfo, 200, "Returns the current status of a job execution."),
            // Flink's JobStatusHandler does not map an unknown job to 404: it answers 500.
            (r, _) => Ok(JobDetailsHandler.Status(gateway.RequestExecutionGraph(r.Path<JobId>("jobid")) ?? throw new FlinkJobNotFoundException(r.Path<JobId>("jobid"))),
                Json.JobStatusInfo)),
        Job(gateway, "/jobs/:jobid/plan", Json.JobPlanInfo, "Returns the dataflow plan of a job.", (info, _) => JobPlanHandler.Handle(info.Plan)),
        Job(gateway, "/jobs/:jobid/config", Json.JobConfigInfo, "Returns the configuration of a job.", (info, _) => JobDetailsHandler.Config(info)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/execution-result", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.JobExecutionResultResponseBody, 200,
                "Returns the result of a job execution. Gives access to the execution time of the job and to all accumulators created by this job."),
            (r, _) =>
            {
                var id = r.Path<JobId>("jobid");
                var info = gateway.RequestExecutionGraph(id)
                           ?? throw new RestHandlerException(new FlinkJobNotFoundException(id).Message, 404, new FlinkJobNotFoundException(id));
                return Ok(JobDetailsHandler.ExecutionResult(info), Json.JobExecutionResultResponseBody);
            }),
        Job(gateway, "/jobs/:jobid/exceptions", Json.JobExceptionsInfoWithHistory,
            "Returns the most recent exceptions that have been handled by Flink for this job.",
            (info, r) => JobExceptionsHandler.Handle(info, r.Query<int>("maxExceptions") is [.., var max] ? max : null,
                r.Query<KeyValuePair<string, string>>("failureLabelFilter")),
            [MaxExceptionsQuery, FailureLabelQuery]),
        Job(gateway, "/jobs/:jobid/accumulators", Json.JobAccumulatorsInfo,
            "Returns the accumulators for all tasks of a job, aggregated across the respective subtasks.",
            (info, r) => JobAccumulatorsHandler.Job(info, r.Query<bool>("includeSerializedValue") is [.., true]), [IncludeSerializedValueQuery]),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid", Json.JobVertexDetailsInfo, "Returns details for a task, with a summary for each of its subtasks.",
            (info, r) => JobVertexHandlers.Details(info, JobVertexHandlers.VertexForDetails(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/watermarks", Json.MetricCollectionResponseBody, "Returns the watermarks for all subtasks of a task.",
            (info, r) => JobVertexWatermarksHandler.Handle(JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/accumulators", Json.JobVertexAccumulatorsInfo,
            "Returns user-defined accumulators of a task, aggregated across all subtasks.",
            (info, r) => JobAccumulatorsHandler.Vertex(JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/subtasks/accumulators", Json.SubtasksAllAccumulatorsInfo,
            "Returns all user-defined accumulators for all subtasks of a task.",
            (info, r) => JobAccumulatorsHandler.Subtasks(JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex", Json.SubtaskExecutionAttemptDetailsInfo,
            "Returns details of the current or latest execution attempt of a subtask.",
            (info, r) =>
            {
                var subtask = JobVertexHandlers.Subtask(JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid")), r.Path<int>("subtaskindex"));
                return JobVertexHandlers.AttemptDetails(subtask.SubtaskIndex, subtask.CurrentExecution, info.Graph.SnapshotTime);
            }, [], VertexIdPath, SubtaskIndexPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt", Json.SubtaskExecutionAttemptDetailsInfo,
            "Returns details of an execution attempt of a subtask. Multiple execution attempts happen in case of failure/recovery.",
            (info, r) =>
            {
                var vertex = JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"));
                var subtask = JobVertexHandlers.Subtask(vertex, r.Path<int>("subtaskindex"));
                return JobVertexHandlers.AttemptDetails(subtask.SubtaskIndex, JobVertexHandlers.Attempt(vertex, subtask, r.Path<int>("attempt")), info.Graph.SnapshotTime);
            }, [], VertexIdPath, SubtaskIndexPath, AttemptPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt/accumulators", Json.SubtaskExecutionAttemptAccumulatorsInfo,
            "Returns the accumulators of an execution attempt of a subtask. Multiple execution attempts happen in case of failure/recovery.",
            (info, r) =>
            {
                var vertex = JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"));
                var subtask = JobVertexHandlers.Subtask(vertex, r.Path<int>("subtaskindex"));
                return JobAccumulatorsHandler.Attempt(subtask.SubtaskIndex, JobVertexHandlers.Attempt(vertex, subtask, r.Path<int>("attempt")));
            }, [], VertexIdPath, SubtaskIndexPath, AttemptPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/subtasktimes", Json.SubtasksTimesInfo,
            "Returns time-related information for all subtasks of a task.",
            (info, r) => JobVertexHandlers.SubtaskTimes(info, JobVertexHandlers.Vertex(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        Job(gateway, "/jobs/:jobid/vertices/:vertexid/taskmanagers", Json.JobVertexTaskManagersInfo,
            "Returns task information aggregated by task manager.",
            (info, r) => JobVertexHandlers.TaskManagers(info, JobVertexHandlers.VertexForDetails(info, r.Path<JobVertexId>("vertexid"))), [], VertexIdPath),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/jobmanager/config", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.IReadOnlyListConfigurationInfoEntry, 200, "Returns the jobmanager's configuration of a specific job."),
            (r, _) => Ok(JobManagerConfig(gateway, r.Path<JobId>("jobid")), Json.IReadOnlyListConfigurationInfoEntry)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/jobmanager/environment", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.EnvironmentInfo, 200, "Returns the jobmanager's environment of a specific job."),
            (_, _) => Ok(JobManagerHandlers.Environment(gateway.Cluster.Environment), Json.EnvironmentInfo)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/jobmanager/log-url", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.LogUrlResponse, 200, "Returns the log url of jobmanager of a specific job."),
            (_, _) => Ok(new LogUrlResponse(gateway.RestAddress.TrimEnd('/') + "/#/job-manager/logs"), Json.LogUrlResponse)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/taskmanagers/:taskmanagerid/log-url",
                [RestParameters.JobIdPath, RestParameters.TaskManagerIdPath], [], Json.EmptyRequestBody,
                Json.LogUrlResponse, 200, "Returns the log url of jobmanager of a specific job."),
            (r, _) => Ok(new LogUrlResponse($"{gateway.RestAddress.TrimEnd('/')}/#/task-manager/{r.Path<ResourceId>("taskmanagerid").Hex}/logs"), Json.LogUrlResponse)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Patch, "/jobs/:jobid", [RestParameters.JobIdPath], [ModeQuery], Json.EmptyRequestBody,
                Json.EmptyResponseBody, 202, "Terminates a job."),
            (r, _) =>
            {
                if (r.Query<TerminationMode>("mode") is [.., TerminationMode.STOP])
                {
                    throw new RestHandlerException(
                        "The termination mode \"stop\" has been removed. For an ungraceful shutdown, please use \"cancel\" instead. For a graceful shutdown, please use \"jobs/:jobId/stop\" instead.",
                        308);
                }
                return Cancel(gateway, r.Path<JobId>("jobid"));
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/yarn-cancel", [RestParameters.JobIdPath], [], Json.EmptyRequestBody,
                Json.EmptyResponseBody, 202, "Cancels a job through a GET (for clients that cannot send PATCH)."),
            (r, _) => Cancel(gateway, r.Path<JobId>("jobid"))),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Patch, "/jobs/:jobid/clientHeartbeat", [RestParameters.JobIdPath], [],
                Json.JobClientHeartbeatRequestBody, Json.EmptyResponseBody, 202, "Report the jobClient's aliveness."),
            (r, _) =>
            {
                var id = r.Path<JobId>("jobid");
                // Flink's JobClientHeartbeatHandler lets the Dispatcher's FlinkJobNotFoundException through as a 500.
                if (!gateway.ReportJobClientHeartbeat(id, r.BodyAs<JobClientHeartbeatRequestBody>().ExpiredTimestamp))
                    throw new FlinkJobNotFoundException(id);
                return Ok(new EmptyResponseBody(), Json.EmptyResponseBody);
            }),
    ];

    private static ValueTask<RestResult> Cancel(IRestfulGateway gateway, JobId id)
    {
        var result = gateway.CancelJob(id);
        return result.Outcome switch
        {
            JobCancellationOutcome.NotFound => throw new RestHandlerException("Job could not be found.", 404, new FlinkJobNotFoundException(id)),
            JobCancellationOutcome.AlreadyTerminal => throw new RestHandlerException(
                $"Job cancellation failed because the job has already reached another terminal state ({result.TerminalStatus}).", 409),
            _ => Ok(new EmptyResponseBody(), Json.EmptyResponseBody),
        };
    }

    /// <summary>The cluster configuration with the job's own entries over it (what the job's JobMaster runs with).</summary>
    private static IReadOnlyList<ConfigurationInfoEntry> JobManagerConfig(IRestfulGateway gateway, JobId id)
    {
        var entries = gateway.Cluster.ConfigurationEntries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (gateway.RequestExecutionGraph(id) is { } info)
        {
            foreach (var (k, v) in info.Config.UserConfig) entries[k] = v;
        }
        return JobManagerHandlers.Config(entries.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    private static RestEndpoint Job<T>(IRestfulGateway gateway, string path, JsonTypeInfo<T> response, string description, Func<ExecutionGraphInfo, RestRequest, T> handle,
        IReadOnlyList<QueryParameterSpec>? query = null, params PathParameterSpec[] extraPath) where T : notnull =>
        new(new RestEndpointSpec(RestVerb.Get, path, [RestParameters.JobIdPath, .. extraPath], query ?? [], Json.EmptyRequestBody, response, 200, description),
            (r, _) =>
            {
                var id = r.Path<JobId>("jobid");
                var info = gateway.RequestExecutionGraph(id) ?? throw FlinkJobNotFoundException.NotFound(id);
                return Ok(handle(info, r), response);
            });

    private static ValueTask<RestResult> Ok<T>(T body, JsonTypeInfo<T> type) where T : notnull => ValueTask.FromResult<RestResult>(new JsonResult(body, type));

    private static object ParseBool(string s) => s.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{s}' is not a boolean."),
    };
}

/// <summary>Flink's TerminationMode query values.</summary>
public enum TerminationMode
{
    CANCEL,
    STOP,
}

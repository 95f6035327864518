using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Handlers;

/// <summary>The checkpoint endpoints: statistics, configuration and details views, and manual triggers with their status.</summary>
public static class CheckpointEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        View(gateway, "/jobs/:jobid/checkpoints", Json.CheckpointingStatistics, "Returns checkpointing statistics for a job.",
            (info, _) => CheckpointHandlers.Statistics(info)),
        View(gateway, "/jobs/:jobid/checkpoints/config", Json.CheckpointConfigInfo, "Returns the checkpointing configuration.",
            (info, _) => CheckpointHandlers.Config(info)),
        View(gateway, "/jobs/:jobid/checkpoints/details/:checkpointid", Json.CheckpointStatisticsInfo, "Returns details for a checkpoint.",
            (info, r) => CheckpointHandlers.Details(info, r.Path<long>("checkpointid")), RestParameters.CheckpointIdPath),
        View(gateway, "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid", Json.TaskCheckpointStatisticsWithSubtaskDetails,
            "Returns checkpoint statistics for a task and its subtasks.",
            (info, r) => CheckpointHandlers.TaskDetails(info, r.Path<long>("checkpointid"), r.Path<JobVertexId>("vertexid")),
            RestParameters.CheckpointIdPath, JobEndpoints.VertexIdPath),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/jobs/:jobid/checkpoints", [RestParameters.JobIdPath], [],
                Json.CheckpointTriggerRequestBody, Json.TriggerResponse, 202,
                "Triggers a checkpoint. The 'checkpointType' parameter does not support 'INCREMENTAL' option for now. See FLINK-33723. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var key = TriggerKey(r.Path<JobId>("jobid"), r.BodyAs<CheckpointTriggerRequestBody>());
                gateway.TriggerCheckpoint(key);
                return Ok(AsynchronousOperationBodies.Trigger(key.TriggerId), Json.TriggerResponse);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/checkpoints/:triggerid", [RestParameters.JobIdPath, RestParameters.TriggerIdPath], [],
                Json.EmptyRequestBody, Json.AsynchronousOperationResultCheckpointInfo, 200, "Returns the status of a checkpoint trigger operation."),
            (r, _) =>
            {
                var key = new AsynchronousJobOperationKey(r.Path<TriggerId>("triggerid"), r.Path<JobId>("jobid"));
                var result = gateway.RequestCheckpointTriggerStatus(key)
                             ?? throw new RestHandlerException($"There is no checkpoint operation with triggerId={key.TriggerId.Hex} for job {key.JobId}.", 404);
                return Ok(CheckpointTriggerStatus(result), Json.AsynchronousOperationResultCheckpointInfo);
            }),
    ];

    /// <summary>
    /// The operation key of a trigger: the body's trigger id (so a client can retry safely) or a new one. The type
    /// defaults to CONFIGURED; every type takes a regular checkpoint (see <see cref="IRestfulGateway.TriggerCheckpoint"/>).
    /// </summary>
    public static AsynchronousJobOperationKey TriggerKey(JobId jobId, CheckpointTriggerRequestBody body)
    {
        if (body.CheckpointType is not (null or "CONFIGURED" or "FULL" or "INCREMENTAL")) throw BadBody();
        if (body.TriggerId is null) return new AsynchronousJobOperationKey(TriggerId.Generate(), jobId);
        return TriggerId.TryParse(body.TriggerId, out var id) ? new AsynchronousJobOperationKey(id, jobId) : throw BadBody();
    }

    /// <summary>IN_PROGRESS, or COMPLETED with the checkpoint id or the failure (Flink's CheckpointStatusHandler).</summary>
    public static AsynchronousOperationResult<CheckpointInfo> CheckpointTriggerStatus(OperationResult<long> result) =>
        AsynchronousOperationBodies.Status(result, id => new CheckpointInfo(id, null),
            e => new CheckpointInfo(null, new SerializedThrowableInfo(e.GetType().FullName ?? e.GetType().Name, e.ToString(),
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(e.ToString())))));

    private static RestHandlerException BadBody() => new($"Request did not match expected format {nameof(CheckpointTriggerRequestBody)}.", 400);

    private static RestEndpoint View<T>(IRestfulGateway gateway, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> response, string description,
        Func<ExecutionGraphInfo, RestRequest, T> handle, params PathParameterSpec[] extraPath) where T : notnull =>
        new(new RestEndpointSpec(RestVerb.Get, path, [RestParameters.JobIdPath, .. extraPath], [], Json.EmptyRequestBody, response, 200, description),
            (r, _) =>
            {
                var id = r.Path<JobId>("jobid");
                // AbstractCheckpointStatsHandler and AbstractExecutionGraphHandler both answer an unknown job with this 404.
                var info = gateway.RequestExecutionGraph(id) ?? throw FlinkJobNotFoundException.NotFound(id);
                return Ok(handle(info, r), response);
            });

    private static ValueTask<RestResult> Ok<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : notnull =>
        ValueTask.FromResult<RestResult>(new JsonResult(body, type));
}

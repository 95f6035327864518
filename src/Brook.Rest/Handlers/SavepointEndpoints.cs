using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Runtime.Checkpointing;

namespace Brook.Rest.Handlers;

/// <summary>
/// Flink's SavepointHandlers and StopWithSavepointHandlers: trigger a savepoint or a stop-with-savepoint (both
/// answer a trigger id; a body's triggerId makes retries safe) and read either's status at one path.
/// </summary>
public static class SavepointEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/jobs/:jobid/savepoints", [RestParameters.JobIdPath], [],
                Json.SavepointTriggerRequestBody, Json.TriggerResponse, 202,
                "Triggers a savepoint, and optionally cancels the job afterwards. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var body = r.BodyAs<SavepointTriggerRequestBody>();
                var (key, directory, format) = Trigger(r.Path<JobId>("jobid"), body.TargetDirectory, "target-directory", body.FormatType, body.TriggerId,
                    gateway.DefaultSavepointDirectory, nameof(SavepointTriggerRequestBody));
                gateway.TriggerSavepoint(key, directory, body.CancelJob ?? false, format);
                return Ok(AsynchronousOperationBodies.Trigger(key.TriggerId), Json.TriggerResponse);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/jobs/:jobid/stop", [RestParameters.JobIdPath], [],
                Json.StopWithSavepointRequestBody, Json.TriggerResponse, 202,
                "Stops a job with a savepoint. Optionally, it can also emit a MAX_WATERMARK before taking the savepoint to flush out any state waiting for timers to fire. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var body = r.BodyAs<StopWithSavepointRequestBody>();
                var (key, directory, format) = Trigger(r.Path<JobId>("jobid"), body.TargetDirectory, "targetDirectory", body.FormatType, body.TriggerId,
                    gateway.DefaultSavepointDirectory, nameof(StopWithSavepointRequestBody));
                gateway.StopWithSavepoint(key, directory, body.Drain ?? false, format);
                return Ok(AsynchronousOperationBodies.Trigger(key.TriggerId), Json.TriggerResponse);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/savepoints/:triggerid", [RestParameters.JobIdPath, RestParameters.TriggerIdPath], [],
                Json.EmptyRequestBody, Json.AsynchronousOperationResultSavepointInfo, 200, "Returns the status of a savepoint operation."),
            (r, _) =>
            {
                var key = new AsynchronousJobOperationKey(r.Path<TriggerId>("triggerid"), r.Path<JobId>("jobid"));
                var result = gateway.RequestSavepointStatus(key)
                             ?? throw new RestHandlerException($"There is no savepoint operation with triggerId={key.TriggerId.Hex} for job {key.JobId}.", 404);
                return Ok(Status(result), Json.AsynchronousOperationResultSavepointInfo);
            }),
    ];

    /// <summary>
    /// The operation key, target directory and format of a trigger: the body's directory, else the configured default,
    /// else Flink's 400 naming the key and the body field; the body's trigger id or a new one; CANONICAL by default.
    /// </summary>
    public static (AsynchronousJobOperationKey Key, string Directory, SavepointFormatType Format) Trigger(JobId jobId, string? targetDirectory, string fieldName,
        string? formatType, string? triggerId, string? defaultDirectory, string bodyName)
    {
        SavepointFormatType format;
        if (formatType is null) format = SavepointFormatType.CANONICAL;
        else if (!Enum.TryParse(formatType, ignoreCase: false, out format) || !Enum.IsDefined(format)) throw BadBody(bodyName);
        TriggerId id;
        if (triggerId is null) id = TriggerId.Generate();
        else if (!TriggerId.TryParse(triggerId, out id)) throw BadBody(bodyName);
        var directory = string.IsNullOrEmpty(targetDirectory) ? defaultDirectory : targetDirectory;
        if (string.IsNullOrEmpty(directory))
            throw new RestHandlerException($"Config key [{CoreOptions.SavepointDirectory.Key}] is not set. Property [{fieldName}] must be provided.", 400);
        return (new AsynchronousJobOperationKey(id, jobId), directory, format);
    }

    /// <summary>IN_PROGRESS, or COMPLETED with the savepoint's location or the failure (Flink's SavepointStatusHandler).</summary>
    public static AsynchronousOperationResult<SavepointInfo> Status(OperationResult<string> result) =>
        AsynchronousOperationBodies.Status(result, location => new SavepointInfo(location, null), e => new SavepointInfo(null, Throwable(e)));

    internal static SerializedThrowableInfo Throwable(Exception e) =>
        new(e.GetType().FullName ?? e.GetType().Name, e.ToString(), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(e.ToString())));

    private static RestHandlerException BadBody(string bodyName) => new($"Request did not match expected format {bodyName}.", 400);

    private static ValueTask<RestResult> Ok<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : notnull =>
        ValueTask.FromResult<RestResult>(new JsonResult(body, type));
}

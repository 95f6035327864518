using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.JobMaster;

namespace Brook.Rest.Handlers;

/// <summary>
/// Live rescaling: PATCH /jobs/:jobid/rescaling (which Flink answers with 503; Brook rescales the running job) with
/// its status, and the adaptive scheduler's resource requirements, read and replaced as Flink's
/// JobResourceRequirements(Update)Handler do.
/// </summary>
public static class RescalingEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    private static readonly QueryParameterSpec ParallelismQuery = RestParameters.Int("parallelism", "Positive integer value that specifies the desired parallelism.");

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        new RestEndpoint(new RestEndpointSpec(RestVerb.Patch, "/jobs/:jobid/rescaling", [RestParameters.JobIdPath], [ParallelismQuery],
                Json.EmptyRequestBody, Json.TriggerResponse, 200,
                "Triggers the rescaling of a job. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var jobId = r.Path<JobId>("jobid");
                var parallelism = Parallelism(r.Query<int>("parallelism"));
                var trigger = gateway.TriggerRescaling(jobId, parallelism) ?? throw FlinkJobNotFoundException.NotFound(jobId);
                return Ok(AsynchronousOperationBodies.Trigger(trigger), Json.TriggerResponse);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/rescaling/:triggerid", [RestParameters.JobIdPath, RestParameters.TriggerIdPath], [],
                Json.EmptyRequestBody, Json.AsynchronousOperationResultAsynchronousOperationInfo, 200, "Returns the status of a rescaling operation."),
            (r, _) =>
            {
                var key = new AsynchronousJobOperationKey(r.Path<TriggerId>("triggerid"), r.Path<JobId>("jobid"));
                var result = gateway.RequestRescalingStatus(key) ?? throw new NotFoundException($"Operation not found under key: {key}");
                return Ok(Status(result), Json.AsynchronousOperationResultAsynchronousOperationInfo);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid/resource-requirements", [RestParameters.JobIdPath], [],
                Json.EmptyRequestBody, Json.JobResourceRequirementsBody, 200, "Request details on the job's resource requirements."),
            // As Flink's JobResourceRequirementsHandler: an unknown job and the default scheduler are not mapped, they answer 500.
            (r, _) => Ok(ToBody(gateway.RequestJobResourceRequirements(r.Path<JobId>("jobid"))), Json.JobResourceRequirementsBody)),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Put, "/jobs/:jobid/resource-requirements", [RestParameters.JobIdPath], [],
                Json.JobResourceRequirementsBody, Json.EmptyResponseBody, 200, "Request to update job's resource requirements."),
            (r, _) =>
            {
                var jobId = r.Path<JobId>("jobid");
                var requirements = FromBody(r.BodyAs<JobResourceRequirementsBody>());
                // As Flink's Dispatcher: validated against the job's vertices (an unknown job is a 500 there too), then handed to its scheduler.
                var graph = gateway.RequestExecutionGraph(jobId)?.Graph ?? throw new FlinkJobNotFoundException(jobId);
                var errors = JobResourceRequirements.Validate(requirements, graph.Vertices.ToDictionary(v => v.Id, v => v.MaxParallelism));
                if (errors.Count > 0) throw new RestHandlerException(string.Join(Environment.NewLine, errors), 400);
                gateway.UpdateJobResourceRequirements(jobId, requirements);
                return Ok(new EmptyResponseBody(), Json.EmptyResponseBody);
            }),
    ];

    /// <summary>
    /// Whether Flink's dashboard shows its rescale dialog (the <c>web-rescale</c> feature of GET /config): with the adaptive
    /// scheduler, not in reactive mode (whose jobs take no requirements from outside), as Flink's WebMonitorEndpoint decides.
    /// </summary>
    public static bool WebRescaleEnabled(IReadOnlyList<KeyValuePair<string, string>> configurationEntries)
    {
        var configuration = new Configuration();
        foreach (var (key, value) in configurationEntries) configuration.SetRaw(key, value);
        return SchedulerOptions.IsAdaptive(configuration) && !SchedulerOptions.IsReactive(configuration);
    }

    /// <summary>The parallelism query parameter: present (Flink's text when it is not) and positive.</summary>
    public static int Parallelism(IReadOnlyList<int> values)
    {
        if (values.Count == 0) throw new RestHandlerException("No new parallelism was specified.", 400);
        var parallelism = values[^1];
        return parallelism > 0 ? parallelism : throw new RestHandlerException($"The parallelism must be a positive integer, but was {parallelism}.", 400);
    }

    public static AsynchronousOperationResult<AsynchronousOperationInfo> Status(OperationResult<bool> result) =>
        AsynchronousOperationBodies.Status(result, _ => new AsynchronousOperationInfo(null), e => new AsynchronousOperationInfo(
            new SerializedThrowableInfo(e.GetType().FullName ?? e.GetType().Name, e.ToString(), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(e.ToString())))));

    public static JobResourceRequirementsBody ToBody(JobResourceRequirements requirements)
    {
        var body = new JobResourceRequirementsBody();
        foreach (var (vertexId, bounds) in requirements.Vertices)
            body[vertexId.Hex] = new JobVertexResourceRequirements(new ParallelismBounds(bounds.LowerBound, bounds.UpperBound));
        return body;
    }

    /// <summary>The requirements a PUT body names; a vertex id that is not one, or a vertex without bounds, is a malformed body (400).</summary>
    public static JobResourceRequirements FromBody(JobResourceRequirementsBody body)
    {
        var vertices = new Dictionary<JobVertexId, VertexParallelismBounds>();
        foreach (var (id, requirements) in body)
        {
            if (!JobVertexId.TryParse(id, out var vertexId) || requirements?.Parallelism is not { } bounds)
                throw new RestHandlerException($"Request did not match expected format {nameof(JobResourceRequirementsBody)}.", 400);
            vertices[vertexId] = new VertexParallelismBounds(bounds.LowerBound, bounds.UpperBound);
        }
        return new JobResourceRequirements(vertices);
    }

    private static ValueTask<RestResult> Ok<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : notnull =>
        ValueTask.FromResult<RestResult>(new JsonResult(body, type));
}

using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Handlers;

/// <summary>
/// Flink's SavepointDisposalHandlers: POST /savepoint-disposal starts disposing of a savepoint (a new trigger id each
/// time, as in Flink) and GET /savepoint-disposal/:triggerid reports <c>{}</c> on success or the failure-cause.
/// </summary>
public static class SavepointDisposalEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/savepoint-disposal", [], [], Json.SavepointDisposalRequest, Json.TriggerResponse, 200,
                "Triggers the desposal of a savepoint. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var path = r.BodyAs<SavepointDisposalRequest>().SavepointPath;
                if (string.IsNullOrWhiteSpace(path))
                    throw new RestHandlerException($"Request did not match expected format {nameof(SavepointDisposalRequest)}.", 400,
                        new FormatException("The field savepoint-path must name the savepoint to dispose of."));
                var key = new OperationKey(TriggerId.Generate());
                gateway.DisposeSavepoint(key, path);
                return ValueTask.FromResult<RestResult>(new JsonResult(AsynchronousOperationBodies.Trigger(key.TriggerId), Json.TriggerResponse));
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/savepoint-disposal/:triggerid", [RestParameters.TriggerIdPath], [], Json.EmptyRequestBody,
                Json.AsynchronousOperationResultAsynchronousOperationInfo, 200, "Returns the status of a savepoint disposal operation."),
            (r, _) =>
            {
                var key = new OperationKey(r.Path<TriggerId>("triggerid"));
                var result = gateway.RequestSavepointDisposalStatus(key) ?? throw AsynchronousOperationBodies.UnknownOperation(key);
                return ValueTask.FromResult<RestResult>(new JsonResult(Status(result), Json.AsynchronousOperationResultAsynchronousOperationInfo));
            }),
    ];

    public static AsynchronousOperationResult<AsynchronousOperationInfo> Status(OperationResult<string> result) =>
        AsynchronousOperationBodies.Status(result, _ => new AsynchronousOperationInfo(null), e => new AsynchronousOperationInfo(SavepointEndpoints.Throwable(e)));
}

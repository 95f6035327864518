using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Runtime.Partitions;

namespace Brook.Rest.Handlers;

/// <summary>
/// Flink's ClusterDataSetListHandler and ClusterDataSetDeleteHandlers: GET /datasets lists the cached intermediate results,
/// DELETE /datasets/:datasetid releases one through the async-operation cache (a new trigger id per request; an unknown
/// data set completes as a successful release, as Flink's ResourceManager answers) and GET /datasets/delete/:triggerid
/// reports <c>{}</c> on success or the failure-cause.
/// </summary>
public static class ClusterDataSetEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/datasets", [], [], Json.EmptyRequestBody, Json.ClusterDataSetListResponseBody, 200,
                "Returns all cluster data sets."),
            (_, _) => ValueTask.FromResult<RestResult>(new JsonResult(List(gateway.RequestClusterDataSets()), Json.ClusterDataSetListResponseBody))),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Delete, "/datasets/:datasetid", [RestParameters.DataSetIdPath], [], Json.EmptyRequestBody,
                Json.TriggerResponse, 202, "Triggers the deletion of a cluster data set. This async operation would return a 'triggerid' for further query identifier."),
            (r, _) =>
            {
                var key = new OperationKey(TriggerId.Generate());
                gateway.ReleaseClusterDataSet(key, r.Path<IntermediateDataSetId>("datasetid"));
                return ValueTask.FromResult<RestResult>(new JsonResult(AsynchronousOperationBodies.Trigger(key.TriggerId), Json.TriggerResponse));
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/datasets/delete/:triggerid", [RestParameters.TriggerIdPath], [], Json.EmptyRequestBody,
                Json.AsynchronousOperationResultAsynchronousOperationInfo, 200, "Returns the status for the delete operation of a cluster data set."),
            (r, _) =>
            {
                var key = new OperationKey(r.Path<TriggerId>("triggerid"));
                var result = gateway.RequestClusterDataSetDeleteStatus(key) ?? throw AsynchronousOperationBodies.UnknownOperation(key);
                return ValueTask.FromResult<RestResult>(new JsonResult(Status(result), Json.AsynchronousOperationResultAsynchronousOperationInfo));
            }),
    ];

    /// <summary>Flink's ClusterDataSetListResponseBody.from: complete when every partition is registered; ordered by id so answers are stable.</summary>
    public static ClusterDataSetListResponseBody List(IReadOnlyDictionary<IntermediateDataSetId, DataSetMetaInfo> dataSets) =>
        new(dataSets.OrderBy(kv => kv.Key.Hex, StringComparer.Ordinal).Select(kv => new ClusterDataSetEntry(kv.Key.Hex, kv.Value.IsComplete)).ToList());

    public static AsynchronousOperationResult<AsynchronousOperationInfo> Status(OperationResult<bool> result) =>
        AsynchronousOperationBodies.Status(result, _ => new AsynchronousOperationInfo(null), e => new AsynchronousOperationInfo(SavepointEndpoints.Throwable(e)));
}

using Brook.Core.Ids;

namespace Brook.Rest.Async;

/// <summary>Flink's OperationKey: operations keyed by their trigger id alone (disposal, data set deletion, rescaling).</summary>
public readonly record struct OperationKey(TriggerId TriggerId)
{
    public override string ToString() => $"OperationKey{{triggerId={TriggerId}}}";
}

/// <summary>Flink's AsynchronousJobOperationKey: operations on a job keyed by (trigger id, job), idempotent per client trigger id.</summary>
public readonly record struct AsynchronousJobOperationKey(TriggerId TriggerId, JobId JobId)
{
    public override string ToString() => $"AsynchronousJobOperationKey{{triggerId={TriggerId}, jobId={JobId}}}";
}

using System.Collections.Concurrent;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.OperatorEvents;
using OperatorEventMessage = Brook.Cluster.Rpc.Protocol.OperatorEvent;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Graph;
using Microsoft.Extensions.Logging;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;
using TaskMetricsSnapshot = Brook.Runtime.Metrics.TaskMetricsSnapshot;

namespace Brook.Cluster.Rpc;

/// <summary>
/// A JobMaster's view of a TaskManager process (Flink's RPC gateway to a TaskExecutor): deployments, cancellations and
/// checkpoint messages go over the deployment RPC, in order, without the JobMaster waiting. A submission that cannot
/// reach the TaskManager fails its attempt. Live metrics and accumulators are the latest the process reported.
/// </summary>
internal sealed class RemoteTaskExecutorGateway : ITaskExecutorGateway
{
    private readonly TaskExecutorDeploymentGateway.TaskExecutorDeploymentGatewayClient _client;
    private readonly Func<JobId, JobMasterType?> _jobMasters;
    private readonly OrderedRpcQueue _calls;
    private readonly ConcurrentDictionary<ExecutionAttemptId, (TaskMetricsSnapshot Metrics, IReadOnlyDictionary<string, IAccumulator> Accumulators)> _live = new();

    public RemoteTaskExecutorGateway(ResourceId id, string address, TaskExecutorDeploymentGateway.TaskExecutorDeploymentGatewayClient client,
        Func<JobId, JobMasterType?> jobMasters, ILogger log)
    {
        Id = id;
        Address = address;
        _client = client;
        _jobMasters = jobMasters;
        _calls = new OrderedRpcQueue("TaskManager " + id, log);
    }

    public ResourceId Id { get; }

    public string Address { get; }

    private static DateTime Deadline => DateTime.UtcNow + OrderedRpcQueue.CallTimeout;

    public void SubmitTask(TaskDeploymentDescriptor descriptor)
    {
        var jobGraph = _jobMasters(descriptor.JobId)?.JobGraph
            ?? throw new InvalidOperationException($"Job {descriptor.JobId} is not run by this JobManager.");
        // Thrown here (a job without a package), the JobMaster fails the attempt with this cause.
        var message = DeploymentMessages.ToMessage(descriptor, jobGraph, Id);
        Track(descriptor.JobId, descriptor.AttemptId);
        // The source coordinators reach this attempt's readers through operator events from now on (before the task can register).
        foreach (var node in descriptor.Vertex.ChainedNodes.Where(n => n.Kind == StreamNodeKind.Source))
        {
            descriptor.Resources.SourceCoordinators[node.Id].SubtaskReady(descriptor.SubtaskIndex, descriptor.AttemptNumber,
                new RemoteSubtaskGateway(this, descriptor, descriptor.Vertex.OperatorIds[node.Id]));
        }
        _calls.Post($"SubmitTask {descriptor.AttemptId}", ct => _client.SubmitTaskAsync(message, deadline: Deadline, cancellationToken: ct).ResponseAsync,
            e => Fail(descriptor, new InvalidOperationException($"Could not submit task {descriptor.TaskName} ({descriptor.SubtaskIndex + 1}) to TaskManager {Id}: {Reason(e)}", e)));
    }

    /// <summary>Fails an attempt from the JobManager's side (it could not be reached, or its coordination broke) and cancels it there.</summary>
    private void Fail(TaskDeploymentDescriptor descriptor, Exception cause)
    {
        // Off the RPC queue's loop: the JobMaster's reaction posts calls to this and other TaskManagers.
        ThreadPool.QueueUserWorkItem(_ => descriptor.Listener.OnTaskStateChanged(new TaskStateUpdate(descriptor.AttemptId, ExecutionState.FAILED, cause, null)));
        CancelTask(descriptor.AttemptId);
    }

    /// <summary>
    /// How a source coordinator reaches one attempt's reader in this TaskManager (Flink's SubtaskGateway): events go in order
    /// with the other calls to the TaskManager, and count as delivered once the TaskManager put them into the task's mailbox.
    /// </summary>
    private sealed class RemoteSubtaskGateway(RemoteTaskExecutorGateway owner, TaskDeploymentDescriptor descriptor, OperatorId operatorId) : ISubtaskGateway
    {
        public Task SendEvent(byte[] operatorEvent)
        {
            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var message = new OperatorEventMessage
            {
                Attempt = DeploymentMessages.Attempt(owner.Id, descriptor.JobId, descriptor.AttemptId), OperatorId = operatorId.Hex,
                Event = Google.Protobuf.ByteString.CopyFrom(operatorEvent),
            };
            owner._calls.Post($"SendOperatorEventToTask {descriptor.AttemptId}", async ct =>
            {
                await owner._client.SendOperatorEventToTaskAsync(message, deadline: Deadline, cancellationToken: ct).ResponseAsync;
                delivered.TrySetResult();
            }, e => delivered.TrySetException(e), () => delivered.TrySetException(new IOException($"TaskManager {owner.Id} was dropped.")));
            return delivered.Task;
        }

        public void FailSubtask(Exception cause) => owner.Fail(descriptor, cause);
    }

    public void CancelTask(ExecutionAttemptId attemptId)
    {
        if (JobOf(attemptId) is not { } job) return;
        _calls.Post($"CancelTask {attemptId}", ct => _client.CancelTaskAsync(DeploymentMessages.Attempt(Id, job, attemptId), deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties)
    {
        if (JobOf(attemptId) is not { } job) return;
        var message = DeploymentMessages.ToMessage(DeploymentMessages.Attempt(Id, job, attemptId), checkpointId, timestamp, properties);
        _calls.Post($"TriggerCheckpoint {checkpointId} {attemptId}", ct => _client.TriggerCheckpointAsync(message, deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    public void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId)
    {
        if (JobOf(attemptId) is not { } job) return;
        var message = new CheckpointNotification { Attempt = DeploymentMessages.Attempt(Id, job, attemptId), CheckpointId = checkpointId };
        _calls.Post($"NotifyCheckpointComplete {checkpointId} {attemptId}",
            ct => _client.NotifyCheckpointCompleteAsync(message, deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    public void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId)
    {
        if (JobOf(attemptId) is not { } job) return;
        var message = new CheckpointNotification { Attempt = DeploymentMessages.Attempt(Id, job, attemptId), CheckpointId = checkpointId };
        _calls.Post($"NotifyCheckpointAborted {checkpointId} {attemptId}",
            ct => _client.NotifyCheckpointAbortedAsync(message, deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    public TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId) => _live.TryGetValue(attemptId, out var live) ? live.Metrics : null;

    public IReadOnlyDictionary<string, IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId) =>
        _live.TryGetValue(attemptId, out var live) ? live.Accumulators.ToDictionary(kv => kv.Key, kv => kv.Value.Snapshot(), StringComparer.Ordinal) : null;

    /// <summary>The latest metrics the TaskManager reported for a running attempt.</summary>
    public void ReportLive(ExecutionAttemptId attemptId, TaskMetricsSnapshot metrics, IReadOnlyDictionary<string, IAccumulator> accumulators) =>
        _live[attemptId] = (metrics, accumulators);

    /// <summary>The attempt ended: its final metrics are the JobMaster's now.</summary>
    public void Forget(ExecutionAttemptId attemptId)
    {
        _live.TryRemove(attemptId, out _);
        _jobOfAttempt.TryRemove(attemptId, out _);
    }

    /// <summary>The TaskManager was dropped: nothing more is sent to it.</summary>
    public void Close() => _calls.Complete();

    private JobId? JobOf(ExecutionAttemptId attemptId) => _jobOfAttempt.TryGetValue(attemptId, out var job) ? job : null;

    private readonly ConcurrentDictionary<ExecutionAttemptId, JobId> _jobOfAttempt = new();

    /// <summary>Remembers which job an attempt deployed here belongs to (the messages about it name the job).</summary>
    private void Track(JobId job, ExecutionAttemptId attemptId) => _jobOfAttempt[attemptId] = job;

    private static string Reason(Exception e) => e is Grpc.Core.RpcException r ? $"{r.StatusCode} {r.Status.Detail}" : e.Message;
}

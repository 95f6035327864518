using System.Collections.Concurrent;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Metrics;
using Brook.Runtime.OperatorEvents;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;

namespace Brook.Runtime.Tests.OperatorEvents;

/// <summary>
/// Deploys to an in-process TaskExecutor as the JobManager deploys to a TaskManager process: the task gets no coordinator
/// object, only remote split enumerator gateways, and every operator event crosses a <see cref="LoopbackLink"/> as bytes
/// (TaskManager to JobManager on one thread, back on another).
/// </summary>
internal sealed class LoopbackTaskExecutor(ITaskExecutorGateway inner, Func<JobMaster.JobMaster> jobMaster) : ITaskExecutorGateway, IDisposable
{
    private readonly Func<JobMaster.JobMaster> _jobMaster = jobMaster;
    private readonly LoopbackLink _toJobManager = new("loopback-to-jobmanager");
    private readonly LoopbackLink _toTasks = new("loopback-to-tasks");

    public ConcurrentQueue<Exception> FailedSubtasks { get; } = new();

    public long EventsToJobManager => _toJobManager.Delivered;

    public long EventsToTasks => _toTasks.Delivered;

    public ResourceId Id => inner.Id;

    public string Address => inner.Address;

    public void SubmitTask(TaskDeploymentDescriptor descriptor)
    {
        var resources = descriptor.Resources;
        var remote = RemoteSplitEnumeratorGateway.ForVertex(descriptor.Vertex, descriptor.SubtaskIndex, descriptor.AttemptNumber, new Sender(this));
        foreach (var (nodeId, gateway) in remote)
            resources.SourceCoordinators[nodeId].SubtaskReady(descriptor.SubtaskIndex, descriptor.AttemptNumber, new SubtaskGateway(this, gateway));
        var taskManagerSide = resources with
        {
            SourceCoordinators = new Dictionary<int, ISourceCoordinator>(),
            SplitEnumerators = remote.ToDictionary(kv => kv.Key, kv => (ISplitEnumeratorGateway)kv.Value),
        };
        inner.SubmitTask(new TaskDeploymentDescriptor(descriptor.JobId, descriptor.AttemptId, descriptor.Vertex, descriptor.SubtaskIndex, descriptor.AttemptNumber,
            descriptor.Slot, taskManagerSide, descriptor.Listener, descriptor.TaskRestore) { JobName = descriptor.JobName });
    }

    public void CancelTask(ExecutionAttemptId attemptId) => inner.CancelTask(attemptId);

    public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties) =>
        inner.TriggerCheckpoint(attemptId, checkpointId, timestamp, properties);

    public void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId) => inner.NotifyCheckpointComplete(attemptId, checkpointId);

    public void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId) => inner.NotifyCheckpointAborted(attemptId, checkpointId);

    public TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId) => inner.GetTaskMetrics(attemptId);

    public IReadOnlyDictionary<string, IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId) => inner.GetAccumulators(attemptId);

    public void Dispose()
    {
        _toJobManager.Dispose();
        _toTasks.Dispose();
    }

    private sealed class Sender(LoopbackTaskExecutor owner) : IOperatorEventSender
    {
        public Task SendToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent) =>
            owner._toJobManager.Post(() => owner._jobMaster().DeliverOperatorEventToCoordinator(operatorId, subtask, attemptNumber, operatorEvent));
    }

    private sealed class SubtaskGateway(LoopbackTaskExecutor owner, IRemoteSplitEnumeratorGateway task) : ISubtaskGateway
    {
        public Task SendEvent(byte[] operatorEvent) => owner._toTasks.Post(() => task.HandleOperatorEvent(operatorEvent));

        public void FailSubtask(Exception cause) => owner.FailedSubtasks.Enqueue(cause);
    }
}

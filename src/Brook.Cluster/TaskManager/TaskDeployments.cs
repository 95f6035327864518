using System.Runtime.CompilerServices;
using Brook.Cluster.Rpc;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.OperatorEvents;
using Brook.Runtime.ResourceManager;
using Brook.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using TaskExecutorType = Brook.Runtime.TaskExecutor.TaskExecutor;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// The TaskManager process's side of task deployment (Flink's TaskExecutor.submitTask): a deployment from the JobMaster is
/// turned into a <see cref="TaskDeploymentDescriptor"/> with the job graph rebuilt from the job's package, this process's
/// shuffle and source gateways, and a reporter that sends the task's states and checkpoint answers back over RPC; then the
/// <see cref="TaskExecutorType"/> runs it. The job's package stays loaded while any of its tasks runs here. A deployment
/// that fails (a graph that differs, a package that cannot be fetched) reports its attempt FAILED with that cause.
/// </summary>
internal sealed class TaskDeployments
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ExecutionAttemptId, Deployment> _deployments = new();
    private readonly ConditionalWeakTable<JobGraph, Dictionary<string, JobGraph>> _rescaled = new();
    private readonly TaskExecutorType _taskExecutor;
    private readonly IJobGraphSource _jobGraphs;
    private readonly JobMasterConnection _jobMaster;
    private readonly int _buffersPerChannel;
    private readonly int _recordsPerBuffer;
    private readonly ILogger _log;

    public TaskDeployments(TaskExecutorType taskExecutor, IJobGraphSource jobGraphs, JobMasterConnection jobMaster, int buffersPerChannel, int recordsPerBuffer,
        ILogger log)
    {
        _taskExecutor = taskExecutor;
        _jobGraphs = jobGraphs;
        _jobMaster = jobMaster;
        _buffersPerChannel = buffersPerChannel;
        _recordsPerBuffer = recordsPerBuffer;
        _log = log;
    }

    public ResourceId Id => _taskExecutor.Id;

    private sealed class Deployment(TaskDeploymentRequest request)
    {
        public TaskDeploymentRequest Request { get; } = request;
        public CancellationTokenSource Cancel { get; } = new();
        public bool Submitted { get; set; }
        public IDisposable? Lease { get; set; }

        /// <summary>The task's gateways to its sources' split enumerators, by the source's operator id: where operator events for it go.</summary>
        public IReadOnlyDictionary<OperatorId, IRemoteSplitEnumeratorGateway> SplitEnumerators { get; set; } = new Dictionary<OperatorId, IRemoteSplitEnumeratorGateway>();
    }

    /// <summary>
    /// Hands an operator event from a source coordinator to the task's reader (into its mailbox). False when the attempt or
    /// its source is not (or no longer) here, or the event belongs to another attempt; malformed bytes fail the task and throw.
    /// </summary>
    public bool DeliverOperatorEvent(ExecutionAttemptId attemptId, OperatorId operatorId, byte[] operatorEvent)
    {
        IRemoteSplitEnumeratorGateway? gateway;
        lock (_lock) gateway = _deployments.GetValueOrDefault(attemptId)?.SplitEnumerators.GetValueOrDefault(operatorId);
        return gateway?.HandleOperatorEvent(operatorEvent) ?? false;
    }

    /// <summary>The slots holding a task of a job, for the slot report.</summary>
    public IReadOnlyDictionary<int, JobId> SlotOwners()
    {
        lock (_lock) return _deployments.Values.GroupBy(d => d.Request.SlotIndex).ToDictionary(g => g.Key, g => g.First().Request.JobId);
    }

    /// <summary>Starts deploying an attempt; a repeated deployment of the same attempt is ignored.</summary>
    public void Submit(TaskDeploymentRequest request)
    {
        var deployment = new Deployment(request);
        lock (_lock)
        {
            if (!_deployments.TryAdd(request.AttemptId, deployment)) return;
        }
        _log.LogInformation("Received task deployment of attempt {Attempt} (subtask {Subtask} of vertex {Vertex}) of job {Name} ({Job}) into slot {Slot}.",
            request.AttemptId, request.SubtaskIndex, request.VertexId, request.JobName, request.JobId, request.SlotIndex);
        _ = Task.Run(() => DeployAsync(deployment));
    }

    private async Task DeployAsync(Deployment deployment)
    {
        var r = deployment.Request;
        var reporter = new RemoteTaskReporter(r.JobId, _jobMaster, Ended);
        try
        {
            var (graph, lease) = await _jobGraphs.GetJobGraphAsync(r.JobId, r.Package, r.ExpectedOperatorIds, r.OperatorNames, deployment.Cancel.Token);
            lock (_lock) deployment.Lease = lease;
            var jobGraph = AtParallelism(graph, r.Vertices);
            var vertex = jobGraph.Vertices.First(v => v.Id == r.VertexId);
            // With a checkpoint directory the task writes its state files there itself and acknowledges with their handles.
            ICheckpointStorageAccess storage = r.CheckpointSettings.Directory is { } dir
                ? new TaskManagerCheckpointStorage(dir, r.CheckpointSettings.FileStateSizeThreshold, Id)
                : new JobManagerCheckpointStorage();
            var checkpointing = new TaskCheckpointingSettings(r.CheckpointSettings.Mode, reporter, storage, r.CheckpointSettings.Periodic,
                r.CheckpointSettings.CheckpointsAfterTasksFinish)
            {
                AlignedCheckpointTimeout = r.CheckpointSettings.AlignedCheckpointTimeout,
            };
            CheckShuffle(vertex, r.Shuffle);
            // Every exchange of a task in a TaskManager process goes through the data plane (the descriptor); the job's in-process
            // channels of a local cluster do not exist here.
            var inProcess = new JobShuffle([], new LocalChannelSizing(_buffersPerChannel, 0, _buffersPerChannel, _recordsPerBuffer));
            var enumerators = RemoteSplitEnumeratorGateway.ForVertex(vertex, r.SubtaskIndex, r.AttemptNumber, new OperatorEventSender(r.JobId, r.AttemptId, _jobMaster));
            var resources = new JobTaskResources(inProcess, new Dictionary<int, ISourceCoordinator>(), r.BufferTimeout, jobGraph.StateBackend, checkpointing)
            {
                SplitEnumerators = enumerators.ToDictionary(kv => kv.Key, kv => (ISplitEnumeratorGateway)kv.Value),
            };
            var descriptor = new TaskDeploymentDescriptor(r.JobId, r.AttemptId, vertex, r.SubtaskIndex, r.AttemptNumber, new SlotId(Id, r.SlotIndex), resources,
                reporter, r.Restore) { JobName = r.JobName, ShuffleDescriptor = r.Shuffle };
            lock (_lock)
            {
                if (deployment.Cancel.IsCancellationRequested) throw new OperationCanceledException();
                deployment.Submitted = true;
                deployment.SplitEnumerators = enumerators.Values.ToDictionary(g => g.OperatorId);
            }
            _taskExecutor.SubmitTask(descriptor);
        }
        catch (OperationCanceledException) when (deployment.Cancel.IsCancellationRequested)
        {
            reporter.OnTaskStateChanged(new TaskStateUpdate(r.AttemptId, ExecutionState.CANCELED, null, new Dictionary<string, Streaming.Accumulators.IAccumulator>()));
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "The deployment of attempt {Attempt} of job {Job} failed.", r.AttemptId, r.JobId);
            reporter.OnTaskStateChanged(new TaskStateUpdate(r.AttemptId, ExecutionState.FAILED, e, new Dictionary<string, Streaming.Accumulators.IAccumulator>()));
        }
    }

    /// <summary>The shuffle descriptor must describe every exchange of the vertex, with one channel per subtask on the other side.</summary>
    private static void CheckShuffle(JobVertex vertex, ShuffleDeploymentDescriptor? shuffle)
    {
        if (vertex.Inputs.Count + vertex.Outputs.Count == 0) return;
        if (shuffle is null)
        {
            throw new InvalidOperationException($"Vertex '{vertex.Name}' ({vertex.Id}) exchanges records with other tasks, but its deployment describes no network shuffle.");
        }
        foreach (var e in vertex.Outputs)
        {
            if (shuffle.Outputs.FirstOrDefault(o => o.ResultId == e.ResultId) is not { } o || o.ConsumerTaskManagers.Count != e.Target.Parallelism)
                throw new InvalidDataException($"The shuffle descriptor does not describe the {e.Target.Parallelism} consumers of the edge {e}.");
        }
        foreach (var e in vertex.Inputs)
        {
            if (shuffle.Inputs.FirstOrDefault(i => i.ResultId == e.ResultId) is not { } i || i.Producers.Count != e.Source.Parallelism)
                throw new InvalidDataException($"The shuffle descriptor does not describe the {e.Source.Parallelism} producers of the edge {e}.");
        }
    }

    /// <summary>The graph with every vertex at the parallelism the JobManager runs it at (one graph per parallelism, shared by the job's tasks here).</summary>
    private JobGraph AtParallelism(JobGraph graph, IReadOnlyList<TaskDeploymentRequest.Vertex> vertices)
    {
        if (vertices.All(v => graph.Vertices.First(x => x.Id == v.Id).Parallelism == v.Parallelism)) return graph;
        var key = string.Join(',', vertices.Select(v => $"{v.Id.Hex}:{v.Parallelism}"));
        var byParallelism = _rescaled.GetValue(graph, _ => new Dictionary<string, JobGraph>());
        lock (byParallelism)
        {
            if (!byParallelism.TryGetValue(key, out var rescaled))
            {
                rescaled = VertexParallelism.Apply(graph, vertices.ToDictionary(v => v.Id, v => v.Parallelism));
                byParallelism[key] = rescaled;
            }
            return rescaled;
        }
    }

    /// <summary>A task ended (or its deployment failed): its lease on the job's package is released.</summary>
    private void Ended(ExecutionAttemptId attemptId)
    {
        Deployment? deployment;
        lock (_lock)
        {
            if (!_deployments.Remove(attemptId, out deployment)) return;
        }
        deployment.Lease?.Dispose();
        deployment.Cancel.Dispose();
    }

    public void Cancel(ExecutionAttemptId attemptId)
    {
        lock (_lock)
        {
            if (!_deployments.TryGetValue(attemptId, out var deployment)) return;
            if (!deployment.Submitted)
            {
                deployment.Cancel.Cancel();
                return;
            }
        }
        _taskExecutor.CancelTask(attemptId);
    }

    /// <summary>Cancels every task (the JobManager was lost: no one would hear of them).</summary>
    public void CancelAll()
    {
        List<ExecutionAttemptId> all;
        lock (_lock) all = _deployments.Keys.ToList();
        if (all.Count == 0) return;
        _log.LogWarning("Cancelling {Count} tasks: the connection to the JobManager was lost.", all.Count);
        // Each on its own: a cancellation that takes long neither delays the others nor the TaskManager's registering again.
        foreach (var a in all) ThreadPool.QueueUserWorkItem(_ => Cancel(a));
    }
}

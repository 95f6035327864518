using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Tasks;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.Cluster.Rpc;

/// <summary>
/// The JobMasters' RPC endpoint for TaskManager processes (Flink's JobMasterGateway): task state updates, checkpoint
/// acknowledgements and declines, final-checkpoint reports, operator events and live task metrics, each routed to the
/// JobMaster of its job. A message is validated before it is used (a bad one fails that call with INVALID_ARGUMENT and is
/// logged); a message about an unknown job, an unknown attempt, or an attempt the sending TaskManager does not run is
/// ignored, as Flink's JobMaster ignores updates of executions it does not know.
/// </summary>
internal sealed class JobMasterRpcService(
    JobMasterRegistry jobMasters,
    RemoteTaskExecutors taskExecutors,
    ILogger<JobMasterRpcService> log) : JobMasterGateway.JobMasterGatewayBase
{
    private static readonly Acknowledge Ack = new();

    /// <summary>The job's JobMaster and what it knows of the attempt, if the message comes from the TaskManager running it.</summary>
    private (JobMasterType JobMaster, Runtime.JobGraph.JobVertex Vertex, int SubtaskIndex, int AttemptNumber, bool IsTerminal, RemoteTaskExecutorGateway Gateway)? Route(
        TaskAttempt? attempt,
        ServerCallContext context, string call)
    {
        var (job, attemptId, tm, error) = DeploymentMessages.ReadAttempt(attempt, null);
        if (error is not null) throw Invalid(call, context, error);
        if (taskExecutors.Gateway(tm) is not { } gateway || jobMasters.Find(job) is not { } jobMaster
            || jobMaster.DescribeAttempt(attemptId) is not { } described || described.TaskManager != tm)
        {
            log.LogDebug("Ignoring {Call} for attempt {Attempt} of job {Job} from TaskManager {Tm}: not an attempt this JobManager runs there.", call, attemptId, job, tm);
            return null;
        }
        return (jobMaster, described.Vertex, described.SubtaskIndex, described.AttemptNumber, described.IsTerminal, gateway);
    }

    public override Task<Acknowledge> UpdateTaskExecutionState(TaskExecutionState request, ServerCallContext context)
    {
        const string call = "UpdateTaskExecutionState";
        var state = (ExecutionState)request.State;
        if (state is not (ExecutionState.INITIALIZING or ExecutionState.RUNNING or ExecutionState.FINISHED or ExecutionState.CANCELED or ExecutionState.FAILED))
        {
            throw Invalid(call, context, $"A task cannot report the state {request.State}.");
        }
        var metrics = DeploymentMessages.FromMessage(request.Metrics);
        if (request.Metrics is not null && metrics is null) throw Invalid(call, context, "The task's metrics hold negative or non-finite values.");
        var accumulators = request.Accumulators.Count == 0 ? null : DeploymentMessages.FromMessage(request.Accumulators);
        if (request.Accumulators.Count > 0 && accumulators is null) throw Invalid(call, context, "The task's accumulators are malformed.");
        if (Route(request.Attempt, context, call) is not { } route) return Task.FromResult(Ack);
        var attemptId = new ExecutionAttemptId(request.Attempt.AttemptId.ToLowerInvariant());
        Exception? failure = state == ExecutionState.FAILED ? DeploymentMessages.FromMessage(request.Failure) : null;
        if (state.IsTerminal()) route.Gateway.Forget(attemptId);
        ((ITaskStateListener)route.JobMaster).OnTaskStateChanged(new TaskStateUpdate(attemptId, state, failure,
            accumulators ?? (state.IsTerminal() ? new Dictionary<string, Streaming.Accumulators.IAccumulator>() : null), metrics));
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> AcknowledgeCheckpoint(AcknowledgeCheckpointRequest request, ServerCallContext context)
    {
        const string call = "AcknowledgeCheckpoint";
        if (request.CheckpointId < 1) throw Invalid(call, context, $"The checkpoint id {request.CheckpointId} is not positive.");
        if (Route(request.Attempt, context, call) is not { } route) return Task.FromResult(Ack);
        var statistics = DeploymentMessages.FromMessage(request.Statistics, route.SubtaskIndex)
            ?? throw Invalid(call, context, "The checkpoint statistics are missing, negative or of another subtask.");
        var attemptId = new ExecutionAttemptId(request.Attempt.AttemptId.ToLowerInvariant());
        var coordinator = route.JobMaster.CheckpointCoordinator;
        ICheckpointResponder responder = coordinator;
        var operators = route.Vertex.OperatorIdsInChainOrder.Select(o => o.Hex).ToHashSet(StringComparer.Ordinal);
        if (request.StateHandle is { } handle)
        {
            // Late or stray: the checkpoint's directory (and the file in it) went with the checkpoint, so there is nothing to check.
            if (!coordinator.IsAwaiting(request.CheckpointId, attemptId)) return Task.FromResult(Ack);
            var (handleSnapshot, handleFile, refused) = AcceptHandle(request, handle, route.Vertex, route.SubtaskIndex, operators, coordinator);
            if (refused is not null)
            {
                // Never crash, never touch the named file: the checkpoint fails with the reason (its directory is discarded with it).
                responder.DeclineCheckpoint(attemptId, request.CheckpointId, new IOException(
                    $"The state handle of checkpoint {request.CheckpointId} from TaskManager {request.Attempt.ResourceId} is refused: {refused}"));
                throw Invalid(call, context, refused);
            }
            responder.AcknowledgeCheckpoint(attemptId, request.CheckpointId, statistics, handleSnapshot!, handleFile);
            return Task.FromResult(Ack);
        }
        TaskStateSnapshot snapshot;
        try
        {
            snapshot = TaskStateSnapshotFormat.Read(request.State.Memory, $"the acknowledgement of checkpoint {request.CheckpointId}");
        }
        catch (InvalidDataException e)
        {
            throw Invalid(call, context, e.Message);
        }
        if (snapshot.Operators.Keys.FirstOrDefault(k => !operators.Contains(k)) is { } stranger)
        {
            throw Invalid(call, context, $"The state names operator '{DeploymentMessages.Shorten(stranger)}', which is not an operator of vertex {route.Vertex.Id}.");
        }
        string? stateFile;
        try
        {
            // The JobManager writes the subtask's state where its own storage puts it (a checkpoint or a savepoint directory, or nowhere
            // for JobManager memory), so the TaskManager needs to know neither.
            stateFile = coordinator.Storage.PersistTaskState(request.CheckpointId, route.Vertex.Id, route.SubtaskIndex, snapshot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            responder.DeclineCheckpoint(attemptId, request.CheckpointId, new IOException($"Writing the state of checkpoint {request.CheckpointId} failed: {e.Message}", e));
            return Task.FromResult(Ack);
        }
        responder.AcknowledgeCheckpoint(attemptId, request.CheckpointId, statistics, snapshot, stateFile);
        return Task.FromResult(Ack);
    }

    /// <summary>
    /// A TaskManager's state handle, checked (<see cref="TaskStateHandleValidation"/>: the subtask's own file in the checkpoint's
    /// directory, of the acknowledged size, with a task state header) before the JobManager records it; or why it is refused.
    /// </summary>
    private static (TaskStateSnapshot? Snapshot, string? FileName, string? Error) AcceptHandle(AcknowledgeCheckpointRequest request, Protocol.TaskStateHandle handle,
        Runtime.JobGraph.JobVertex vertex, int subtaskIndex, IReadOnlySet<string> operators, Runtime.Checkpointing.CheckpointCoordinator coordinator)
    {
        if (!request.State.IsEmpty) return (null, null, "The acknowledgement carries both a state and a state handle.");
        if (handle.File is null) return (null, null, "The state handle names no file.");
        if ((coordinator.Storage as CheckpointStorageRouter)?.TaskStateDirectory(request.CheckpointId) is not { } directory)
            return (null, null, "The job's checkpoints live in the JobManager's memory, so a state file handle cannot be accepted.");
        Runtime.Checkpointing.TaskStateHandle file;
        try
        {
            file = TaskStateHandleValidation.Validate(directory, FileSystemCheckpointStorage.TaskStateFileName(vertex.Id, subtaskIndex), handle.File.Path, handle.File.Size);
        }
        catch (InvalidDataException e)
        {
            return (null, null, e.Message);
        }
        var (snapshot, error) = DeploymentMessages.FromMessage(handle, file, operators);
        return snapshot is null ? (null, null, error) : (snapshot, Path.GetFileName(file.FilePath), null);
    }

    public override Task<Acknowledge> DeclineCheckpoint(DeclineCheckpointRequest request, ServerCallContext context)
    {
        const string call = "DeclineCheckpoint";
        if (request.CheckpointId < 1) throw Invalid(call, context, $"The checkpoint id {request.CheckpointId} is not positive.");
        if (Route(request.Attempt, context, call) is not { } route) return Task.FromResult(Ack);
        ((ICheckpointResponder)route.JobMaster.CheckpointCoordinator).DeclineCheckpoint(new ExecutionAttemptId(request.Attempt.AttemptId.ToLowerInvariant()),
            request.CheckpointId, DeploymentMessages.FromMessage(request.Reason));
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> ReportWaitingForFinalCheckpoint(TaskAttempt request, ServerCallContext context)
    {
        if (Route(request, context, "ReportWaitingForFinalCheckpoint") is not { } route) return Task.FromResult(Ack);
        ((ICheckpointResponder)route.JobMaster.CheckpointCoordinator).ReportWaitingForFinalCheckpoint(new ExecutionAttemptId(request.AttemptId.ToLowerInvariant()));
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> SendOperatorEventToCoordinator(OperatorEvent request, ServerCallContext context)
    {
        const string call = "SendOperatorEventToCoordinator";
        if (!OperatorId.TryParse(request.OperatorId, out var operatorId)) throw Invalid(call, context, $"The operator id '{DeploymentMessages.Shorten(request.OperatorId)}' is malformed.");
        if (Route(request.Attempt, context, call) is not { } route) return Task.FromResult(Ack);
        if (!route.Vertex.OperatorIds.Values.Contains(operatorId)) throw Invalid(call, context, $"Operator {operatorId} is not an operator of vertex {route.Vertex.Id}.");
        try
        {
            // Dropped (false) when the attempt is no longer the subtask's current one, as Flink drops events of stale attempts.
            route.JobMaster.DeliverOperatorEventToCoordinator(operatorId, route.SubtaskIndex, route.AttemptNumber, request.Event.ToByteArray());
        }
        catch (InvalidDataException e)
        {
            throw Invalid(call, context, e.Message);
        }
        return Task.FromResult(Ack);
    }

    public override Task<Acknowledge> ReportTaskMetrics(TaskMetricsReport request, ServerCallContext context)
    {
        const string call = "ReportTaskMetrics";
        if (!ResourceId.TryParse(request.ResourceId, out var tm)) throw Invalid(call, context, $"The resource id '{DeploymentMessages.Shorten(request.ResourceId)}' is malformed.");
        if (request.Attempts.Count > TaskExecutorRegistrations.MaxSlots * 1024) throw Invalid(call, context, $"The report lists {request.Attempts.Count} attempts.");
        foreach (var a in request.Attempts)
        {
            var metrics = DeploymentMessages.FromMessage(a.Metrics) ?? throw Invalid(call, context, "A task's metrics are missing, negative or non-finite.");
            var accumulators = DeploymentMessages.FromMessage(a.Accumulators) ?? throw Invalid(call, context, "A task's accumulators are malformed.");
            var attempt = new TaskAttempt { ResourceId = tm.Hex, JobId = a.JobId, AttemptId = a.AttemptId };
            if (Route(attempt, context, call) is not { IsTerminal: false } route) continue;
            route.Gateway.ReportLive(new ExecutionAttemptId(a.AttemptId.ToLowerInvariant()), metrics, accumulators);
        }
        return Task.FromResult(Ack);
    }

    private RpcException Invalid(string call, ServerCallContext context, string error)
    {
        log.LogError("Refused {Call} from {Peer}: {Error}", call, context.Peer, error);
        return new RpcException(new Status(StatusCode.InvalidArgument, error));
    }
}

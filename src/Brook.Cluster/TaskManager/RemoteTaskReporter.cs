using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Tasks;
using Google.Protobuf;
using SubtaskCheckpointStatistics = Brook.Runtime.Checkpointing.SubtaskCheckpointStatistics;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// How one task running in a TaskManager process reports to its JobMaster in the JobManager process: its state changes
/// (Flink's TaskManagerActions.updateTaskExecutionState) and its checkpoint answers (Flink's RpcCheckpointResponder). The
/// state of an acknowledged checkpoint travels in TaskStateSnapshotFormat, and the JobManager writes it to the checkpoint's
/// storage; or, when the task wrote its state file itself (<see cref="TaskManagerCheckpointStorage"/>), only the file's handle
/// travels. An inline state larger than one RPC message declines the checkpoint saying how to avoid that.
/// </summary>
internal sealed class RemoteTaskReporter(JobId job, JobMasterConnection connection, Action<ExecutionAttemptId> onTerminal) : ITaskStateListener, ICheckpointResponder
{
    /// <summary>The largest state sent inside an acknowledgement: an RPC message, less room for the rest of it.</summary>
    private const int MaxInlineState = RpcServer.MaxMessageSize - (64 << 10);

    public void OnTaskStateChanged(TaskStateUpdate update)
    {
        connection.UpdateTaskExecutionState(job, update);
        if (update.State.IsTerminal()) onTerminal(update.AttemptId);
    }

    public void AcknowledgeCheckpoint(ExecutionAttemptId attemptId, long checkpointId, SubtaskCheckpointStatistics statistics, TaskStateSnapshot state, string? stateFile)
    {
        var m = new AcknowledgeCheckpointRequest
        {
            Attempt = connection.Attempt(job, attemptId),
            CheckpointId = checkpointId,
            Statistics = DeploymentMessages.ToMessage(statistics),
        };
        if (stateFile is not null)
        {
            m.StateHandle = DeploymentMessages.ToMessage(new Runtime.Checkpointing.TaskStateHandle(stateFile, new FileInfo(stateFile).Length), state);
        }
        else
        {
            var bytes = TaskStateSnapshotFormat.Write(state);
            if (bytes.Length > MaxInlineState)
            {
                DeclineCheckpoint(attemptId, checkpointId, new IOException(
                    $"The state of checkpoint {checkpointId} is {bytes.Length} bytes, more than one RPC message to the JobManager carries ({MaxInlineState} bytes): " +
                    "with the JobManager's memory checkpoint storage the state travels inside the acknowledgement. Set execution.checkpointing.dir to a directory " +
                    "every JobManager and TaskManager process shares, so TaskManagers write their state files there and send only their handles."));
                return;
            }
            m.State = UnsafeByteOperations.UnsafeWrap(bytes);
        }
        // A state too large for one message (or a JobManager that cannot be reached) declines the checkpoint rather than leaving it pending.
        connection.Post($"AcknowledgeCheckpoint {checkpointId} {attemptId}", (c, deadline, ct) => c.AcknowledgeCheckpointAsync(m, deadline: deadline, cancellationToken: ct).ResponseAsync,
            e => DeclineCheckpoint(attemptId, checkpointId, new IOException($"The acknowledgement of checkpoint {checkpointId} could not be sent: {e.Message}", e)));
    }

    public void DeclineCheckpoint(ExecutionAttemptId attemptId, long checkpointId, Exception reason)
    {
        var m = new DeclineCheckpointRequest { Attempt = connection.Attempt(job, attemptId), CheckpointId = checkpointId, Reason = DeploymentMessages.ToMessage(reason) };
        connection.Post($"DeclineCheckpoint {checkpointId} {attemptId}", (c, deadline, ct) => c.DeclineCheckpointAsync(m, deadline: deadline, cancellationToken: ct).ResponseAsync);
    }

    public void ReportWaitingForFinalCheckpoint(ExecutionAttemptId attemptId)
    {
        var m = connection.Attempt(job, attemptId);
        connection.Post($"ReportWaitingForFinalCheckpoint {attemptId}", (c, deadline, ct) => c.ReportWaitingForFinalCheckpointAsync(m, deadline: deadline, cancellationToken: ct).ResponseAsync);
    }
}

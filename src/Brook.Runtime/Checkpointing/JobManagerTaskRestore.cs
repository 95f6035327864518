namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The restore part of a <see cref="Tasks.TaskDeploymentDescriptor"/> (Flink's JobManagerTaskRestore): the
/// checkpoint a new attempt starts from and the state of each operator of its chain, by operator id.
/// A task restored as finished does not run its operators: it only ends its outputs.
/// </summary>
public sealed class JobManagerTaskRestore
{
    internal JobManagerTaskRestore(long restoreCheckpointId, IReadOnlyDictionary<string, OperatorRestoreState> operators, bool isTaskFinished)
    {
        RestoreCheckpointId = restoreCheckpointId;
        Operators = operators;
        IsTaskFinished = isTaskFinished;
    }

    public long RestoreCheckpointId { get; }

    public bool IsTaskFinished { get; }

    internal IReadOnlyDictionary<string, OperatorRestoreState> Operators { get; }
}

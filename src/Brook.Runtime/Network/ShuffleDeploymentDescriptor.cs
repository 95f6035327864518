using Brook.Runtime.Tasks;

namespace Brook.Runtime.Network;

/// <summary>
/// Where one subtask attempt's records go and come from across TaskManagers (Flink's ResultPartitionDeploymentDescriptor
/// and InputGateDeploymentDescriptor of a TaskDeploymentDescriptor). Plain data, so it crosses to a TaskManager process;
/// the TaskExecutor turns it into the task's <see cref="NetworkTaskShuffle"/> with its own network environment.
/// </summary>
/// <param name="Attempt">The attempt this descriptor deploys: its result partitions are registered under this id, so a restarted attempt produces fresh ones.</param>
/// <param name="Outputs">One per output edge of the subtask.</param>
/// <param name="Inputs">One per input edge of the subtask.</param>
public sealed record ShuffleDeploymentDescriptor(
    ExecutionAttemptId Attempt,
    IReadOnlyList<ResultPartitionDeploymentDescriptor> Outputs,
    IReadOnlyList<InputGateDeploymentDescriptor> Inputs);

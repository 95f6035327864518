namespace Brook.Core.States;

/// <summary>Flink's ExecutionState of one attempt of one subtask; the wire form is the upper-case name.</summary>
public enum ExecutionState
{
    CREATED,
    SCHEDULED,
    DEPLOYING,
    RUNNING,
    FINISHED,
    CANCELING,
    CANCELED,
    FAILED,
    RECONCILING,
    INITIALIZING,
}

public static class ExecutionStateExtensions
{
    public static bool IsTerminal(this ExecutionState s) =>
        s is ExecutionState.FINISHED or ExecutionState.CANCELED or ExecutionState.FAILED;
}

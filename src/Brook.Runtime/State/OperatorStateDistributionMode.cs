namespace Brook.Runtime.State;

/// <summary>How an operator state is handed to subtasks when a job is restored, possibly at another parallelism.</summary>
public enum OperatorStateDistributionMode
{
    /// <summary>The elements of all subtasks are split among the new subtasks; each goes to exactly one.</summary>
    SplitDistribute = 1,
    /// <summary>Every new subtask gets the elements of all old subtasks.</summary>
    Union = 2,
    /// <summary>The state is the same on every subtask; each new subtask gets one copy.</summary>
    Broadcast = 3,
}

namespace Brook.Core.States;

/// <summary>Flink's JobStatus; the wire form is the upper-case name.</summary>
public enum JobStatus
{
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    RECONCILING,
}

public static class JobStatusExtensions
{
    /// <summary>Globally terminal: the job will not run again (SUSPENDED is only locally terminal).</summary>
    public static bool IsGloballyTerminal(this JobStatus s) =>
        s is JobStatus.FINISHED or JobStatus.CANCELED or JobStatus.FAILED;

    public static bool IsTerminal(this JobStatus s) => s.IsGloballyTerminal() || s == JobStatus.SUSPENDED;
}

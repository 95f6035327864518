using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// Subtasks waiting to be restarted after a failure: their attempts are being cancelled and the restart strategy's
/// backoff is running. They restart once the backoff elapsed and every one of their attempts has ended.
/// </summary>
internal sealed class PendingRestart(IReadOnlySet<ExecutionVertex> tasks) : IDisposable
{
    public IReadOnlySet<ExecutionVertex> Tasks { get; } = tasks;

    public bool DelayElapsed { get; set; }

    public ITimer? Timer { get; set; }

    public bool AllAttemptsEnded => Tasks.All(t => t.CurrentExecution.IsTerminal);

    public void Dispose() => Timer?.Dispose();
}

using Brook.Core.States;

namespace Brook.Rest.Gateway;

/// <summary>How the Dispatcher answered a cancellation: accepted, unknown job, or the job already ended in <see cref="TerminalStatus"/>.</summary>
public sealed record JobCancellationResult(JobCancellationOutcome Outcome, JobStatus? TerminalStatus = null)
{
    public static readonly JobCancellationResult Accepted = new(JobCancellationOutcome.Accepted);

    public static readonly JobCancellationResult NotFound = new(JobCancellationOutcome.NotFound);
}

public enum JobCancellationOutcome
{
    Accepted,
    NotFound,
    AlreadyTerminal,
}

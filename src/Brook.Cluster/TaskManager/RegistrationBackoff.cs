namespace Brook.Cluster.TaskManager;

/// <summary>
/// Flink's RetryingRegistration timing: each attempt waits for an answer for a timeout that starts at
/// cluster.registration.initial-timeout and doubles after every timed-out attempt up to cluster.registration.max-timeout;
/// an attempt that failed with an error is retried after cluster.registration.error-delay, a declined one after
/// cluster.registration.refused-registration-delay.
/// </summary>
internal sealed record RegistrationBackoff(TimeSpan InitialTimeout, TimeSpan MaxTimeout, TimeSpan ErrorDelay, TimeSpan RefusedDelay)
{
    /// <summary>The timeout of the attempt after one that timed out with <paramref name="previous"/>.</summary>
    public TimeSpan NextTimeout(TimeSpan previous)
    {
        var doubled = previous * 2;
        return doubled > MaxTimeout ? MaxTimeout : doubled;
    }
}

namespace Brook.Runtime.Failover;

/// <summary>
/// Decides whether a failed job may restart and how long it waits first (Flink's RestartBackoffTimeStrategy).
/// The scheduler calls <see cref="NotifyFailure"/> for every failure, then <see cref="CanRestart"/> and, if it
/// may, <see cref="GetBackoffTime"/>. Not thread-safe: the JobMaster calls it under its lock.
/// </summary>
internal interface IRestartBackoffTimeStrategy
{
    bool CanRestart();

    /// <summary>How long to wait before restarting, in milliseconds.</summary>
    long GetBackoffTime();

    /// <summary>Records a failure; false when it was merged into the attempt already under way (no new restart attempt).</summary>
    bool NotifyFailure(Exception cause);
}

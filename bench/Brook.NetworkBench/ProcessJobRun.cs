namespace Brook.NetworkBench;

/// <summary>
/// One job across the processes: what crossed, how long the tasks ran, the job's duration, and the CPU seconds of each
/// process (JobManager first) over the whole job (deployment included) and while every task ran.
/// </summary>
internal readonly record struct ProcessJobRun(long Records, long Bytes, double RunningSeconds, double JobSeconds, double[] JobCpuSeconds, double[] RunningCpuSeconds)
{
    /// <summary>The CPU of all processes while the tasks ran: the per-record cost, without the deployment's.</summary>
    public double CpuSeconds => RunningCpuSeconds.Sum();

    public double RecordsPerSecond => Records / RunningSeconds;

    public double RecordsPerJobSecond => Records / JobSeconds;

    public double RecordsPerCpuSecond => Records / CpuSeconds;

    public double MegabytesPerSecond => Bytes / RunningSeconds / 1e6;

    public static ProcessJobRun Median(IEnumerable<ProcessJobRun> runs) => runs.OrderBy(r => r.RecordsPerSecond).ToList() is var l ? l[l.Count / 2] : default;
}

using System.Diagnostics;

namespace Brook.NetworkBench;

/// <summary>One timed run: records and bytes moved, wall time and the CPU time the whole process spent meanwhile.</summary>
internal readonly record struct Measurement(long Records, long Bytes, double WallSeconds, double CpuSeconds)
{
    public double RecordsPerSecond => Records / WallSeconds;

    /// <summary>Records per CPU-second: the rate one fully used core would reach.</summary>
    public double RecordsPerCpuSecond => Records / CpuSeconds;

    public double MegabytesPerSecond => Bytes / WallSeconds / 1e6;

    public static Measurement Run(long records, Func<long> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var bytes = run();
        sw.Stop();
        process.Refresh();
        return new Measurement(records, bytes, sw.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>The run with the median rate of several.</summary>
    public static Measurement Median(IEnumerable<Measurement> runs) => runs.OrderBy(m => m.RecordsPerSecond).ToList() is var l ? l[l.Count / 2] : default;
}

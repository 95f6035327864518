using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Brook.Rest.Gateway;

namespace Brook.Cluster.JobManager;

/// <summary>Reads this process's runtime, options and memory for /jobmanager/environment and the TaskManager metrics.</summary>
public static class ProcessInformation
{
    public static EnvironmentSnapshot Environment()
    {
        var options = new List<string>(System.Environment.GetCommandLineArgs());
        options.Add($"System.GC.Server={GCSettings.IsServerGC}");
        options.Add($"System.GC.Concurrent={AppContext.GetData("System.GC.Concurrent") ?? "True"}");
        options.Add($"System.GC.LatencyMode={GCSettings.LatencyMode}");
        options.Add($"System.Globalization.Invariant={AppContext.GetData("System.Globalization.Invariant") ?? "False"}");
        options.Add($"ProcessorCount={System.Environment.ProcessorCount}");
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .Select(a => a.Location)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new EnvironmentSnapshot($"{RuntimeInformation.FrameworkDescription} - {RuntimeInformation.OSDescription}",
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), options, assemblies);
    }

    /// <summary>
    /// Heap = the GC heap; non-heap = the rest of the process's working set. .NET has one collector, reported with
    /// the number of collections and the total pause time.
    /// </summary>
    public static ProcessMetricsSnapshot Metrics()
    {
        var info = GC.GetGCMemoryInfo();
        var heapUsed = GC.GetTotalMemory(forceFullCollection: false);
        var heapCommitted = info.TotalCommittedBytes;
        long workingSet;
        using (var process = Process.GetCurrentProcess()) workingSet = process.WorkingSet64;
        var nonHeap = Math.Max(0, workingSet - heapCommitted);
        return new ProcessMetricsSnapshot(heapUsed, heapCommitted, info.TotalAvailableMemoryBytes, nonHeap, nonHeap, -1,
            [new GarbageCollectorSnapshot(".NET GC", GC.CollectionCount(0), (long)GC.GetTotalPauseDuration().TotalMilliseconds)]);
    }
}

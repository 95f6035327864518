using System.Diagnostics;
using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// The process's runtime under Flink's Status.JVM.* names where .NET measures the same thing, and .NET's own figures
/// under Status.CLR.*. They describe the whole process: in a local cluster the JobManager and every TaskManager share
/// one process and report the same values.
/// </summary>
public static class ProcessStatusMetrics
{
    /// <summary>.NET has one collector; it is reported under this name (Flink names its collectors after the JVM's, e.g. G1_Young_Generation).</summary>
    public const string CollectorName = "DotNet_GC";

    /// <summary>One reading of the process's OS figures, shared by every process group's gauges.</summary>
    private sealed record ProcessSample(int Threads, TimeSpan CpuTime, long WorkingSet);

    private static readonly SampledValue<ProcessSample> Process = new(() =>
    {
        using var p = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessSample(p.Threads.Count, p.TotalProcessorTime, p.WorkingSet64);
    }, TimeSpan.FromSeconds(1));

    private static readonly SampledValue<GCMemoryInfo> Memory = new(() => GC.GetGCMemoryInfo(), TimeSpan.FromSeconds(1));

    public static void Register(MetricGroup group)
    {
        var status = group.AddGroup("Status");
        var jvm = status.AddGroup("JVM");
        var heap = jvm.AddGroup("Memory").AddGroup("Heap");
        heap.Gauge("Used", () => GC.GetTotalMemory(forceFullCollection: false));
        heap.Gauge("Committed", () => Memory.Value.TotalCommittedBytes);
        heap.Gauge("Max", () => Memory.Value.TotalAvailableMemoryBytes);
        var nonHeap = jvm.AddGroup("Memory").AddGroup("NonHeap");
        // The process's memory outside the GC heap: working set minus the committed heap (code, native allocations, stacks).
        nonHeap.Gauge("Used", NonHeapBytes);
        nonHeap.Gauge("Committed", NonHeapBytes);
        var collector = jvm.AddGroup("GarbageCollector").AddGroup(CollectorName);
        collector.Gauge("Count", () => (long)GC.CollectionCount(0));
        collector.Gauge("Time", () => (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        jvm.AddGroup("Threads").Gauge("Count", () => Process.Value.Threads);
        var cpu = jvm.AddGroup("CPU");
        cpu.Gauge("Load", new CpuLoadView());
        cpu.Gauge("Time", () => (long)(Process.Value.CpuTime.Ticks * (1_000_000_000.0 / TimeSpan.TicksPerSecond)));

        var clr = status.AddGroup("CLR");
        var gc = clr.AddGroup("GC");
        for (var gen = 0; gen <= GC.MaxGeneration; gen++)
        {
            var g = gen;
            var generation = gc.AddGroup("Gen" + g);
            generation.Gauge("Count", () => (long)GC.CollectionCount(g));
            generation.Gauge("Size", () => GenerationSize(g));
        }
        gc.AddGroup("LOH").Gauge("Size", () => GenerationSize(3));
        gc.AddGroup("POH").Gauge("Size", () => GenerationSize(4));
        var allocated = gc.Counter("AllocatedBytes", new FunctionCounter(() => GC.GetTotalAllocatedBytes(precise: false)));
        gc.Meter("AllocationRate", new MeterView(allocated));
        gc.Gauge("PauseTimeMs", () => (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        gc.Gauge("FragmentedBytes", () => Memory.Value.FragmentedBytes);
        var pool = clr.AddGroup("ThreadPool");
        pool.Gauge("Threads", () => ThreadPool.ThreadCount);
        pool.Gauge("QueueLength", () => ThreadPool.PendingWorkItemCount);
        pool.Gauge("CompletedWorkItems", () => ThreadPool.CompletedWorkItemCount);
        clr.AddGroup("Monitor").Gauge("LockContentionCount", () => Monitor.LockContentionCount);
    }

    /// <summary>Flink's managed memory gauges of a TaskManager: its budget, and what operators took of it (no Brook operator allocates managed memory).</summary>
    public static void RegisterManagedMemory(MetricGroup taskManager, long total, Func<long> used)
    {
        var managed = taskManager.AddGroup("Status").AddGroup("Flink").AddGroup("Memory").AddGroup("Managed");
        managed.Gauge("Total", () => total);
        managed.Gauge("Used", used);
    }

    private static long NonHeapBytes() => Math.Max(0, Process.Value.WorkingSet - Memory.Value.TotalCommittedBytes);

    private static long GenerationSize(int index)
    {
        var generations = Memory.Value.GenerationInfo;
        return index < generations.Length ? generations[index].SizeAfterBytes : 0;
    }

    /// <summary>The process's CPU use over the last 5-second view interval, as a fraction of all cores (Flink's Status.JVM.CPU.Load).</summary>
    private sealed class CpuLoadView : IGauge<double>, IView
    {
        private readonly Lock _lock = new();
        private TimeSpan _lastCpu = CpuTime();
        private long _lastWall = Stopwatch.GetTimestamp();
        private double _value;

        public double Value => Volatile.Read(ref _value);

        object? IGauge.Value => Value;

        public void Update()
        {
            lock (_lock)
            {
                var cpu = CpuTime();
                var wall = Stopwatch.GetTimestamp();
                var elapsed = Stopwatch.GetElapsedTime(_lastWall, wall);
                if (elapsed > TimeSpan.Zero) Volatile.Write(ref _value, Math.Clamp((cpu - _lastCpu) / (elapsed * Environment.ProcessorCount), 0, 1));
                _lastCpu = cpu;
                _lastWall = wall;
            }
        }

        private static TimeSpan CpuTime()
        {
            using var p = System.Diagnostics.Process.GetCurrentProcess();
            return p.TotalProcessorTime;
        }
    }
}

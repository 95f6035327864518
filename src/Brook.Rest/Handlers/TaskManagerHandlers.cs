using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Handlers;

/// <summary>GET /taskmanagers and GET /taskmanagers/:taskmanagerid over ResourceManager snapshots.</summary>
public static class TaskManagerHandlers
{
    /// <summary>No JMX in .NET: Flink reports -1 when no JMX port is configured.</summary>
    public const int NoJmxPort = -1;

    public static TaskManagersInfo List(IReadOnlyList<TaskManagerSnapshot> taskManagers) =>
        new(taskManagers.Select(Info).ToList());

    public static TaskManagerInfo Info(TaskManagerSnapshot tm)
    {
        var r = tm.Registration;
        return new TaskManagerInfo(r.Id.Hex, r.Address, r.DataPort, NoJmxPort, tm.LastHeartbeat.ToUnixTimeMilliseconds(), r.NumberOfSlots,
            tm.FreeSlots, TotalResource(r), FreeResource(tm), Hardware(r.Hardware), Memory(r.Memory), Blocked: false);
    }

    public static TaskManagerDetailsInfo Details(TaskManagerSnapshot tm, ProcessMetricsSnapshot metrics) => Details(tm, Metrics(metrics));

    /// <summary>The details with the metrics block Flink's TaskManagerDetailsHandler reads from the MetricStore.</summary>
    public static TaskManagerDetailsInfo Details(TaskManagerSnapshot tm, TaskManagerMetricsInfo metrics)
    {
        var i = Info(tm);
        var slotResource = SlotResource(tm.Registration);
        var allocated = tm.SlotOwners.Where(o => o is not null).Select(o => new SlotInfo(slotResource, o!.Value.Hex)).ToList();
        return new TaskManagerDetailsInfo(i.Id, i.Path, i.DataPort, i.JmxPort, i.TimeSinceLastHeartbeat, i.SlotsNumber, i.FreeSlots,
            i.TotalResource, i.FreeResource, i.Hardware, i.MemoryConfiguration, i.Blocked, allocated, metrics);
    }

    /// <summary>As in Flink without taskmanager.cpu.cores: one core per slot; memory in MiB from the TaskManager's budget.</summary>
    public static ResourceProfileInfo TotalResource(TaskManagerRegistration r) =>
        Profile(r.NumberOfSlots, r.Memory.TaskHeap, r.Memory.TaskOffHeap, r.Memory.ManagedMemory, r.Memory.NetworkMemory);

    /// <summary>The total divided evenly over the slots, times the free slots (Flink's default slot profile).</summary>
    public static ResourceProfileInfo FreeResource(TaskManagerSnapshot tm) => Scaled(tm.Registration, tm.FreeSlots);

    private static ResourceProfileInfo SlotResource(TaskManagerRegistration r) => Scaled(r, 1);

    private static ResourceProfileInfo Scaled(TaskManagerRegistration r, int slots)
    {
        var n = r.NumberOfSlots;
        return Profile(slots, r.Memory.TaskHeap / n * slots, r.Memory.TaskOffHeap / n * slots, r.Memory.ManagedMemory / n * slots,
            r.Memory.NetworkMemory / n * slots);
    }

    private static ResourceProfileInfo Profile(double cores, long taskHeap, long taskOffHeap, long managed, long network) =>
        new(cores, Mib(taskHeap), Mib(taskOffHeap), Mib(managed), Mib(network), new Dictionary<string, double>());

    private static int Mib(long bytes) => (int)(bytes >> 20);

    private static HardwareDescriptionInfo Hardware(HardwareDescription h) => new(h.CpuCores, h.PhysicalMemory, h.FreeMemory, h.ManagedMemory);

    private static TaskExecutorMemoryConfigurationInfo Memory(TaskExecutorMemoryConfiguration m) =>
        new(m.FrameworkHeap, m.TaskHeap, m.FrameworkOffHeap, m.TaskOffHeap, m.NetworkMemory, m.ManagedMemory, m.JvmMetaspace, m.JvmOverhead,
            m.TotalFlinkMemory, m.TotalProcessMemory);

    /// <summary>
    /// The process's heap and collectors. Direct, mapped and shuffle-buffer figures are 0 because the process has no
    /// such pools: records move through in-memory channels, and Flink itself reports 0 for metrics it lacks.
    /// </summary>
    private static TaskManagerMetricsInfo Metrics(ProcessMetricsSnapshot m) =>
        new(m.HeapUsed, m.HeapCommitted, m.HeapMax, m.NonHeapUsed, m.NonHeapCommitted, m.NonHeapMax, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            m.GarbageCollectors.Select(g => new GarbageCollectorInfo(g.Name, g.Count, g.TimeMillis)).ToList());

    /// <summary>
    /// Flink's TaskManagerDetailsHandler: the block from the TaskManager's Status.* metrics in the MetricStore, 0 for what
    /// it lacks (direct and mapped pools and Netty shuffle memory, which a Brook process does not have), and one entry per
    /// Status.JVM.GarbageCollector.&lt;name&gt;.
    /// </summary>
    public static TaskManagerMetricsInfo Metrics(Metrics.ComponentMetricStore? store)
    {
        long Get(string name) => store?.Get(name) is { } v && long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : 0;
        const string gc = "Status.JVM.GarbageCollector.";
        var collectors = store?.Metrics.Keys.Where(k => k.StartsWith(gc, StringComparison.Ordinal) && k.EndsWith(".Count", StringComparison.Ordinal))
            .Select(k => k[gc.Length..^".Count".Length]).Order(StringComparer.Ordinal)
            .Select(n => new GarbageCollectorInfo(n, Get(gc + n + ".Count"), Get(gc + n + ".Time"))).ToList() ?? [];
        return new TaskManagerMetricsInfo(Get("Status.JVM.Memory.Heap.Used"), Get("Status.JVM.Memory.Heap.Committed"), Get("Status.JVM.Memory.Heap.Max"),
            Get("Status.JVM.Memory.NonHeap.Used"), Get("Status.JVM.Memory.NonHeap.Committed"), Get("Status.JVM.Memory.NonHeap.Max"),
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, collectors);
    }

    public static NotFoundException UnknownTaskManager(Brook.Core.Ids.ResourceId id) =>
        new($"Could not find TaskExecutor {id}.", new Exception($"No TaskExecutor registered under {id}."));
}

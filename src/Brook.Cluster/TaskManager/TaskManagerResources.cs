using Brook.Core.Configuration;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A local TaskManager's memory budget. The TaskManagers of a local cluster share this process and its GC heap, whose
/// limit is the GC's (System.GC.HeapHardLimit, else the container's memory limit, else the machine's memory). Each
/// TaskManager's managed memory budget is taken out of that limit and each gets an equal share of the rest as task heap.
/// Network memory is 0: in-process channels hold references to records on the heap (their bound is a record count,
/// taskmanager.network.memory.buffers-per-channel × taskmanager.network.records-per-buffer, already inside the heap).
/// There is no separate framework heap, off-heap, metaspace or overhead in a .NET process, so those are 0.
/// </summary>
public static class TaskManagerResources
{
    public static TaskExecutorMemoryConfiguration LocalMemory(Configuration config, int numberOfTaskManagers)
    {
        var managed = config.Get(CoreOptions.TaskManagerManagedMemory);
        var n = Math.Max(1, numberOfTaskManagers);
        var taskHeap = Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - managed * n) / n;
        var total = taskHeap + managed;
        return new TaskExecutorMemoryConfiguration(0, taskHeap, 0, 0, 0, managed, 0, 0, total, total);
    }
}

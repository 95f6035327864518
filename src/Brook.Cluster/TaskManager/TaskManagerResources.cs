using Brook.Core.Configuration;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A local TaskManager's memory budget. The TaskManagers of a local cluster share this process, so each gets an
/// equal share of the memory the GC may use as task heap, plus the configured managed memory. There is no separate
/// framework heap, off-heap, network buffer pool, metaspace or overhead in a .NET process, so those are 0.
/// </summary>
public static class TaskManagerResources
{
    public static TaskExecutorMemoryConfiguration LocalMemory(Configuration config, int numberOfTaskManagers)
    {
        var managed = config.Get(CoreOptions.TaskManagerManagedMemory);
        var taskHeap = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / Math.Max(1, numberOfTaskManagers);
        var total = taskHeap + managed;
        return new TaskExecutorMemoryConfiguration(0, taskHeap, 0, 0, 0, managed, 0, 0, total, total);
    }
}

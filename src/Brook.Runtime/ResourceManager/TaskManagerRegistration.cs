using Brook.Core.Ids;

namespace Brook.Runtime.ResourceManager;

/// <summary>What a TaskExecutor tells the ResourceManager when it registers.</summary>
public sealed record TaskManagerRegistration(
    ResourceId Id,
    string Address,
    int DataPort,
    int NumberOfSlots,
    HardwareDescription Hardware,
    TaskExecutorMemoryConfiguration Memory)
{
    /// <summary>
    /// Whether the JobMaster may deploy tasks into this TaskManager's slots: false only for a TaskManager whose slots are
    /// shown but must never be allocated to a job.
    /// </summary>
    public bool CanDeployTasks { get; init; } = true;

    /// <summary>The host other TaskManagers reach this one's data port on (taskmanager.host).</summary>
    public string Host { get; init; } = "localhost";
}

/// <summary>A TaskManager's memory budget, in bytes (Flink's TaskExecutorMemoryConfiguration fields).</summary>
public sealed record TaskExecutorMemoryConfiguration(
    long FrameworkHeap,
    long TaskHeap,
    long FrameworkOffHeap,
    long TaskOffHeap,
    long NetworkMemory,
    long ManagedMemory,
    long JvmMetaspace,
    long JvmOverhead,
    long TotalFlinkMemory,
    long TotalProcessMemory);

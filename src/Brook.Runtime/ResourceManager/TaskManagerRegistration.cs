using Brook.Core.Ids;

namespace Brook.Runtime.ResourceManager;

/// <summary>What a TaskExecutor tells the ResourceManager when it registers.</summary>
public sealed record TaskManagerRegistration(
    ResourceId Id,
    string Address,
    int DataPort,
    int NumberOfSlots,
    HardwareDescription Hardware,
    TaskExecutorMemoryConfiguration Memory);

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

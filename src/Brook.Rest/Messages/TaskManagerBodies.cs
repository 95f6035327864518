using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /taskmanagers.</summary>
public sealed record TaskManagersInfo([property: JsonPropertyName("taskmanagers")] IReadOnlyList<TaskManagerInfo> TaskManagers);

public sealed record TaskManagerInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("dataPort")] int DataPort,
    [property: JsonPropertyName("jmxPort")] int JmxPort,
    [property: JsonPropertyName("timeSinceLastHeartbeat")] long TimeSinceLastHeartbeat,
    [property: JsonPropertyName("slotsNumber")] int SlotsNumber,
    [property: JsonPropertyName("freeSlots")] int FreeSlots,
    [property: JsonPropertyName("totalResource")] ResourceProfileInfo TotalResource,
    [property: JsonPropertyName("freeResource")] ResourceProfileInfo FreeResource,
    [property: JsonPropertyName("hardware")] HardwareDescriptionInfo Hardware,
    [property: JsonPropertyName("memoryConfiguration")] TaskExecutorMemoryConfigurationInfo MemoryConfiguration,
    [property: JsonPropertyName("blocked")] bool Blocked);

/// <summary>GET /taskmanagers/:taskmanagerid: the TaskManagerInfo fields plus metrics and allocated slots.</summary>
public sealed record TaskManagerDetailsInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("dataPort")] int DataPort,
    [property: JsonPropertyName("jmxPort")] int JmxPort,
    [property: JsonPropertyName("timeSinceLastHeartbeat")] long TimeSinceLastHeartbeat,
    [property: JsonPropertyName("slotsNumber")] int SlotsNumber,
    [property: JsonPropertyName("freeSlots")] int FreeSlots,
    [property: JsonPropertyName("totalResource")] ResourceProfileInfo TotalResource,
    [property: JsonPropertyName("freeResource")] ResourceProfileInfo FreeResource,
    [property: JsonPropertyName("hardware")] HardwareDescriptionInfo Hardware,
    [property: JsonPropertyName("memoryConfiguration")] TaskExecutorMemoryConfigurationInfo MemoryConfiguration,
    [property: JsonPropertyName("blocked")] bool Blocked,
    [property: JsonPropertyName("allocatedSlots")] IReadOnlyList<SlotInfo> AllocatedSlots,
    [property: JsonPropertyName("metrics")] TaskManagerMetricsInfo Metrics);

/// <summary>Flink's ResourceProfileInfo: cores and memory in MiB.</summary>
public sealed record ResourceProfileInfo(
    [property: JsonPropertyName("cpuCores")] double CpuCores,
    [property: JsonPropertyName("taskHeapMemory")] int TaskHeapMemory,
    [property: JsonPropertyName("taskOffHeapMemory")] int TaskOffHeapMemory,
    [property: JsonPropertyName("managedMemory")] int ManagedMemory,
    [property: JsonPropertyName("networkMemory")] int NetworkMemory,
    [property: JsonPropertyName("extendedResources")] IReadOnlyDictionary<string, double> ExtendedResources);

public sealed record HardwareDescriptionInfo(
    [property: JsonPropertyName("cpuCores")] int CpuCores,
    [property: JsonPropertyName("physicalMemory")] long PhysicalMemory,
    [property: JsonPropertyName("freeMemory")] long FreeMemory,
    [property: JsonPropertyName("managedMemory")] long ManagedMemory);

public sealed record TaskExecutorMemoryConfigurationInfo(
    [property: JsonPropertyName("frameworkHeap")] long FrameworkHeap,
    [property: JsonPropertyName("taskHeap")] long TaskHeap,
    [property: JsonPropertyName("frameworkOffHeap")] long FrameworkOffHeap,
    [property: JsonPropertyName("taskOffHeap")] long TaskOffHeap,
    [property: JsonPropertyName("networkMemory")] long NetworkMemory,
    [property: JsonPropertyName("managedMemory")] long ManagedMemory,
    [property: JsonPropertyName("jvmMetaspace")] long JvmMetaspace,
    [property: JsonPropertyName("jvmOverhead")] long JvmOverhead,
    [property: JsonPropertyName("totalFlinkMemory")] long TotalFlinkMemory,
    [property: JsonPropertyName("totalProcessMemory")] long TotalProcessMemory);

public sealed record SlotInfo(
    [property: JsonPropertyName("resource")] ResourceProfileInfo Resource,
    [property: JsonPropertyName("jobId")] string JobId);

/// <summary>The process's memory and garbage collectors, under Flink's metric names.</summary>
public sealed record TaskManagerMetricsInfo(
    [property: JsonPropertyName("heapUsed")] long HeapUsed,
    [property: JsonPropertyName("heapCommitted")] long HeapCommitted,
    [property: JsonPropertyName("heapMax")] long HeapMax,
    [property: JsonPropertyName("nonHeapUsed")] long NonHeapUsed,
    [property: JsonPropertyName("nonHeapCommitted")] long NonHeapCommitted,
    [property: JsonPropertyName("nonHeapMax")] long NonHeapMax,
    [property: JsonPropertyName("directCount")] long DirectCount,
    [property: JsonPropertyName("directUsed")] long DirectUsed,
    [property: JsonPropertyName("directMax")] long DirectMax,
    [property: JsonPropertyName("mappedCount")] long MappedCount,
    [property: JsonPropertyName("mappedUsed")] long MappedUsed,
    [property: JsonPropertyName("mappedMax")] long MappedMax,
    [property: JsonPropertyName("nettyShuffleMemorySegmentsAvailable")] long NettyShuffleMemorySegmentsAvailable,
    [property: JsonPropertyName("nettyShuffleMemorySegmentsUsed")] long NettyShuffleMemorySegmentsUsed,
    [property: JsonPropertyName("nettyShuffleMemorySegmentsTotal")] long NettyShuffleMemorySegmentsTotal,
    [property: JsonPropertyName("nettyShuffleMemoryAvailable")] long NettyShuffleMemoryAvailable,
    [property: JsonPropertyName("nettyShuffleMemoryUsed")] long NettyShuffleMemoryUsed,
    [property: JsonPropertyName("nettyShuffleMemoryTotal")] long NettyShuffleMemoryTotal,
    [property: JsonPropertyName("garbageCollectors")] IReadOnlyList<GarbageCollectorInfo> GarbageCollectors);

public sealed record GarbageCollectorInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("time")] long Time);

namespace Brook.Rest.Gateway;

/// <summary>Memory and collector figures of the process, mapped onto Flink's TaskManager metric names.</summary>
public sealed record ProcessMetricsSnapshot(
    long HeapUsed,
    long HeapCommitted,
    long HeapMax,
    long NonHeapUsed,
    long NonHeapCommitted,
    long NonHeapMax,
    IReadOnlyList<GarbageCollectorSnapshot> GarbageCollectors);

public sealed record GarbageCollectorSnapshot(string Name, long Count, long TimeMillis);

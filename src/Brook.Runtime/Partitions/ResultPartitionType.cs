namespace Brook.Runtime.Partitions;

/// <summary>How a producer hands its result to its consumers (Flink's ResultPartitionType).</summary>
public enum ResultPartitionType
{
    /// <summary>Streamed to running consumers through bounded channels (backpressure); producer and consumers run at once.</summary>
    PIPELINED,

    /// <summary>Kept whole on the producer's TaskManager; consumers are deployed once every producer finished (batch jobs).</summary>
    BLOCKING,

    /// <summary>Blocking, and kept after the job finished as a cluster partition that later jobs read (a cached result).</summary>
    BLOCKING_PERSISTENT,
}

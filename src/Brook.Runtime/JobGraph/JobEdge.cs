using Brook.Core.Ids;
using Brook.Streaming.Graph;

namespace Brook.Runtime.JobGraph;

/// <summary>A data exchange between two vertices: the stream edge that was not chained, and its result.</summary>
public sealed class JobEdge
{
    public required JobVertex Source { get; init; }

    public required JobVertex Target { get; init; }

    public required StreamEdge StreamEdge { get; init; }

    /// <summary>The intermediate result the producer writes for this edge.</summary>
    public required IntermediateDataSetId ResultId { get; init; }

    /// <summary>PIPELINED in streaming jobs; BLOCKING in batch jobs; BLOCKING_PERSISTENT for the result a cache keeps.</summary>
    public Partitions.ResultPartitionType PartitionType { get; init; } = Partitions.ResultPartitionType.PIPELINED;

    public bool IsBlocking => PartitionType != Partitions.ResultPartitionType.PIPELINED;

    public StreamPartitioner Partitioner => StreamEdge.Partitioner;

    /// <summary>Flink's ship strategy name ("FORWARD", "HASH", ...).</summary>
    public string ShipStrategyName => Partitioner.ToString();

    public override string ToString() => $"{Source.Name} -[{ShipStrategyName}]-> {Target.Name}";
}

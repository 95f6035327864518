namespace Brook.Streaming.Graph;

/// <summary>
/// The partitioner of a stream edge. Value-independent kinds are executed by the runtime's record writer;
/// the key-group partitioner computes the target from the record (<see cref="IRecordChannelSelector{T}"/>).
/// </summary>
public class StreamPartitioner
{
    public static readonly StreamPartitioner Forward = new(PartitionerKind.Forward);
    public static readonly StreamPartitioner Rebalance = new(PartitionerKind.Rebalance);
    public static readonly StreamPartitioner Rescale = new(PartitionerKind.Rescale);
    public static readonly StreamPartitioner Shuffle = new(PartitionerKind.Shuffle);
    public static readonly StreamPartitioner Broadcast = new(PartitionerKind.Broadcast);
    public static readonly StreamPartitioner Global = new(PartitionerKind.Global);

    protected StreamPartitioner(PartitionerKind kind) => Kind = kind;

    public PartitionerKind Kind { get; }

    /// <summary>Pointwise edges connect a producer only to "its" consumers (forward, rescale).</summary>
    public bool IsPointwise => Kind is PartitionerKind.Forward or PartitionerKind.Rescale;

    /// <summary>Flink's ship-strategy name, as shown in plans.</summary>
    public override string ToString() => Kind switch
    {
        PartitionerKind.Forward => "FORWARD",
        PartitionerKind.Rebalance => "REBALANCE",
        PartitionerKind.Rescale => "RESCALE",
        PartitionerKind.Shuffle => "SHUFFLE",
        PartitionerKind.Broadcast => "BROADCAST",
        PartitionerKind.Global => "GLOBAL",
        _ => "HASH",
    };
}

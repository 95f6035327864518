namespace Brook.Streaming.Graph;

/// <summary>How records of an edge are distributed over the consumer's subtasks (Flink's partitioners).</summary>
public enum PartitionerKind
{
    Forward,
    Rebalance,
    Rescale,
    Shuffle,
    Broadcast,
    Global,
    Hash,
}

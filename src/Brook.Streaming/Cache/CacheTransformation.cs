using Brook.Core.Ids;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Cache;

/// <summary>
/// The plan node of a cached stream (Flink's CacheTransformation). Until its result is cached it is translated into a
/// CacheWrite node whose input edge keeps the producer's output as the cluster data set <see cref="DatasetId"/>; once the
/// cluster reports that data set complete, into a CacheRead source that reads it instead of running the input again.
/// </summary>
public abstract class CacheTransformation(int id, string name, Transformation input)
    : Transformation(id, name, input.OutputType, input.Parallelism)
{
    public Transformation Input { get; } = input;

    /// <summary>The cluster data set (a 32-hex IntermediateDataSetID) the cached result is kept as.</summary>
    public IntermediateDataSetId DatasetId { get; } = IntermediateDataSetId.Generate();

    /// <summary>Whether the cluster holds the complete result (set by the environment before each job is generated).</summary>
    public bool IsCached { get; set; }

    /// <summary>How many partitions the producing job wrote (its producer's parallelism); known once a job produced it.</summary>
    public int NumberOfPartitions { get; internal set; } = -1;

    public override IReadOnlyList<Transformation> Inputs => [Input];

    /// <summary>The dummy sink that makes the producer write the cached result (Flink's NoOpStreamOperator).</summary>
    internal abstract IStreamOperator CreateCacheWriteOperator();

    /// <summary>The source that reads the cached result back, one split per partition.</summary>
    internal abstract ISourceTransformation CreateCacheReadSource(int parallelism);
}

/// <inheritdoc />
public sealed class CacheTransformation<T>(int id, string name, Transformation input) : CacheTransformation(id, name, input)
{
    internal override IStreamOperator CreateCacheWriteOperator() => new CacheWriteOperator<T>();

    internal override ISourceTransformation CreateCacheReadSource(int parallelism) =>
        new SourceTransformation<T, Sources.IndexRangeSplit>(Id, "CacheRead", new ClusterDatasetSource<T>(DatasetId, NumberOfPartitions), parallelism);
}

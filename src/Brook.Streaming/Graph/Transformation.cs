using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>
/// A node of the logical plan the DataStream API builds (Flink's Transformation). Physical
/// transformations become StreamNodes; virtual ones (partitioning, union, side output) become edge
/// properties when the StreamGraph is generated.
/// </summary>
public abstract class Transformation(int id, string name, DataType outputType, int parallelism)
{
    public int Id { get; } = id;

    public string Name { get; set; } = name;

    public DataType OutputType { get; } = outputType;

    /// <summary>-1: the environment's default parallelism.</summary>
    public int Parallelism { get; set; } = parallelism;

    /// <summary>-1: the environment's max parallelism.</summary>
    public int MaxParallelism { get; set; } = -1;

    public string? Uid { get; set; }

    public ChainingStrategy ChainingStrategy { get; set; } = ChainingStrategy.Always;

    public abstract IReadOnlyList<Transformation> Inputs { get; }

    public override string ToString() => $"{GetType().Name.Split('`')[0]}{{id={Id}, name='{Name}', parallelism={Parallelism}}}";
}

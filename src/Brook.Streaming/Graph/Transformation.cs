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

/// <summary>A source transformation, visited generically by the runtime to build its typed operator and coordinator.</summary>
public interface ISourceTransformation
{
    string Name { get; }

    Sources.Boundedness Boundedness { get; }

    TResult Accept<TResult>(ISourceVisitor<TResult> visitor);
}

public interface ISourceVisitor<out TResult>
{
    TResult Visit<T, TSplit>(Sources.ISource<T, TSplit> source) where TSplit : Sources.ISourceSplit;
}

public sealed class SourceTransformation<T, TSplit>(int id, string name, Sources.ISource<T, TSplit> source, int parallelism)
    : Transformation(id, name, DataType.Of<T>(), parallelism), ISourceTransformation
    where TSplit : Sources.ISourceSplit
{
    public Sources.ISource<T, TSplit> Source { get; } = source;

    public Sources.Boundedness Boundedness => Source.Boundedness;

    public override IReadOnlyList<Transformation> Inputs => [];

    public TResult Accept<TResult>(ISourceVisitor<TResult> visitor) => visitor.Visit(Source);
}

/// <summary>
/// An operator with one input. <see cref="OperatorFactory"/> makes a fresh operator per subtask (user
/// functions inside are copied per subtask when rich).
/// </summary>
public sealed class OneInputTransformation(int id, string name, Transformation input, DataType outputType, Func<IStreamOperator> operatorFactory, int parallelism)
    : Transformation(id, name, outputType, parallelism)
{
    public Transformation Input { get; } = input;

    public Func<IStreamOperator> OperatorFactory { get; } = operatorFactory;

    /// <summary>Set when the input is keyed: the operator may use keyed state.</summary>
    public bool IsKeyed { get; init; }

    public bool IsSink { get; init; }

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

/// <summary>An operator with two inputs.</summary>
public sealed class TwoInputTransformation(int id, string name, Transformation input1, Transformation input2, DataType outputType, Func<IStreamOperator> operatorFactory, int parallelism)
    : Transformation(id, name, outputType, parallelism)
{
    public Transformation Input1 { get; } = input1;

    public Transformation Input2 { get; } = input2;

    public Func<IStreamOperator> OperatorFactory { get; } = operatorFactory;

    public bool IsKeyed { get; init; }

    public override IReadOnlyList<Transformation> Inputs => [Input1, Input2];
}

/// <summary>Virtual: sets the partitioner of the edges from its input.</summary>
public sealed class PartitionTransformation(int id, Transformation input, StreamPartitioner partitioner)
    : Transformation(id, "Partition", input.OutputType, input.Parallelism)
{
    public Transformation Input { get; } = input;

    public StreamPartitioner Partitioner { get; } = partitioner;

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

/// <summary>Virtual: merges streams of the same type.</summary>
public sealed class UnionTransformation(int id, IReadOnlyList<Transformation> inputs)
    : Transformation(id, "Union", inputs[0].OutputType, inputs[0].Parallelism)
{
    public override IReadOnlyList<Transformation> Inputs { get; } = inputs;
}

/// <summary>Virtual: selects the side output <see cref="Tag"/> of its input.</summary>
public sealed class SideOutputTransformation(int id, Transformation input, IOutputTag tag)
    : Transformation(id, "SideOutput", tag.DataType, input.Parallelism)
{
    public Transformation Input { get; } = input;

    public IOutputTag Tag { get; } = tag;

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

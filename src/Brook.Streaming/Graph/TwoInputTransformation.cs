using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>An operator with two inputs.</summary>
public sealed class TwoInputTransformation(int id, string name, Transformation input1, Transformation input2, DataType outputType, Func<IStreamOperator> operatorFactory, int parallelism)
    : Transformation(id, name, outputType, parallelism)
{
    public Transformation Input1 { get; } = input1;

    public Transformation Input2 { get; } = input2;

    public Func<IStreamOperator> OperatorFactory { get; } = operatorFactory;

    /// <summary>
    /// The operator a BATCH job runs instead (final-only aggregations, keyed input grouped by key); null: the same
    /// operator as in STREAMING, or, for a keyed operator, refused in BATCH.
    /// </summary>
    public Func<IStreamOperator>? BatchOperatorFactory { get; init; }

    public bool IsKeyed { get; init; }

    public override IReadOnlyList<Transformation> Inputs => [Input1, Input2];
}

using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>
/// An operator with one input. <see cref="OperatorFactory"/> makes a fresh operator per subtask (user
/// functions inside are copied per subtask when rich).
/// </summary>
public sealed class OneInputTransformation(int id, string name, Transformation input, DataType outputType, Func<IStreamOperator> operatorFactory, int parallelism)
    : Transformation(id, name, outputType, parallelism)
{
    public Transformation Input { get; } = input;

    public Func<IStreamOperator> OperatorFactory { get; } = operatorFactory;

    /// <summary>
    /// The operator a BATCH job runs instead (final-only aggregations, keyed input grouped by key); null: the same
    /// operator as in STREAMING, or, for a keyed operator, refused in BATCH.
    /// </summary>
    public Func<IStreamOperator>? BatchOperatorFactory { get; init; }

    /// <summary>Set when the input is keyed: the operator may use keyed state.</summary>
    public bool IsKeyed { get; init; }

    public bool IsSink { get; init; }

    public override IReadOnlyList<Transformation> Inputs => [Input];
}

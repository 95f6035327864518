using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>
/// Base of Brook's operators: keeps the set-up parameters, forwards watermarks by default, and offers
/// keyed operators their key context (<see cref="CreateKeyContext{TKey}"/>).
/// </summary>
public abstract class AbstractStreamOperator<TOut> : IStreamOperator<TOut>
{
    private StreamOperatorParameters<TOut>? _parameters;

    public ChainingStrategy ChainingStrategy { get; set; } = ChainingStrategy.Always;

    protected Output<TOut> Output { get; private set; } = null!;

    protected StreamOperatorParameters<TOut> Parameters =>
        _parameters ?? throw new InvalidOperationException("The operator has not been set up.");

    public IRuntimeContext RuntimeContext => Parameters.RuntimeContext;

    public IProcessingTimeService ProcessingTimeService => Parameters.ProcessingTimeService;

    /// <summary>The last watermark this operator received (long.MinValue before the first).</summary>
    public long CurrentWatermark { get; private set; } = long.MinValue;

    public virtual void Setup(StreamOperatorParameters<TOut> parameters)
    {
        _parameters = parameters;
        Output = parameters.Output;
    }

    public virtual void Open()
    {
    }

    public virtual void Finish()
    {
    }

    public virtual void Close()
    {
    }

    /// <summary>Default watermark handling: remember and forward. Event-time operators fire timers first.</summary>
    public virtual void ProcessWatermark(Watermark watermark)
    {
        CurrentWatermark = watermark.Timestamp;
        Output.EmitWatermark(watermark);
    }

    /// <summary>A key context over this subtask's key groups, backed by the job's state backend if it has one.</summary>
    protected KeyContext<TKey> CreateKeyContext<TKey>(string operatorName)
    {
        var p = Parameters;
        var backend = p.StateBackend?.CreateKeyedStateBackend<TKey>(new KeyedStateBackendParameters(
            p.RuntimeContext.JobId, p.OperatorId, operatorName, p.RuntimeContext.IndexOfThisSubtask, p.MaxParallelism, p.KeyGroupRange));
        return new KeyContext<TKey>(p.MaxParallelism, p.KeyGroupRange, backend);
    }
}

using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators;

/// <summary>
/// Base of Brook's operators: keeps the set-up parameters, forwards watermarks by default, and offers
/// keyed operators their key context (<see cref="CreateKeyContext{TKey}"/>).
/// </summary>
public abstract class AbstractStreamOperator<TOut> : IStreamOperator<TOut>, IWatermarkStatusInput
{
    private StreamOperatorParameters<TOut>? _parameters;
    private IOperatorStateStore? _operatorState;
    private readonly List<object> _checkpointingFunctions = [];

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

    /// <summary>Default idleness handling: forward (operators that generate watermarks decide themselves).</summary>
    public virtual void ProcessWatermarkStatus(WatermarkStatus status) => Output.EmitWatermarkStatus(status);

    /// <summary>
    /// This operator subtask's operator (non-keyed) state, created from the job's state backend (or the
    /// default one) the first time the operator asks for it.
    /// </summary>
    protected IOperatorStateStore GetOperatorStateStore(string operatorName)
    {
        if (_operatorState is not null) return _operatorState;
        var p = Parameters;
        var stateBackend = p.StateBackend ?? DefaultStateBackend.Instance
            ?? throw new InvalidOperationException($"'{operatorName}' keeps operator state, but no state backend is configured and Brook.Runtime's default (hashmap) is not loaded.");
        return _operatorState = stateBackend.CreateOperatorStateBackend(new OperatorStateBackendParameters(
            p.RuntimeContext.JobId, p.OperatorId, operatorName, p.RuntimeContext.IndexOfThisSubtask, p.RuntimeContext.NumberOfParallelSubtasks));
    }

    /// <summary>Flink's initializeState for user functions: a checkpointed function registers its state before it opens.</summary>
    protected void InitializeFunctionState(object userFunction, string operatorName, IKeyedStateStore? keyedStateStore)
    {
        if (userFunction is ICheckpointedFunction or ICheckpointListener) _checkpointingFunctions.Add(userFunction);
        if (userFunction is ICheckpointedFunction checkpointed)
            checkpointed.InitializeState(new FunctionInitializationContext(GetOperatorStateStore(operatorName), keyedStateStore, Parameters.IsRestored));
    }

    /// <summary>Flink's snapshotState: checkpointed user functions write their field data into their state first.</summary>
    public virtual void SnapshotState(StateSnapshotContext context)
    {
        foreach (var f in _checkpointingFunctions)
        {
            if (f is ICheckpointedFunction checkpointed) checkpointed.SnapshotState(context);
        }
    }

    public virtual void NotifyCheckpointComplete(long checkpointId)
    {
        foreach (var f in _checkpointingFunctions)
        {
            if (f is ICheckpointListener listener) listener.NotifyCheckpointComplete(checkpointId);
        }
    }

    public virtual void NotifyCheckpointAborted(long checkpointId)
    {
        foreach (var f in _checkpointingFunctions)
        {
            if (f is ICheckpointListener listener) listener.NotifyCheckpointAborted(checkpointId);
        }
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

using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Streaming.Operators;

/// <summary>
/// An operator around a user function: initializes a checkpointed function's state, gives a rich function
/// its runtime context, opens and closes it.
/// </summary>
public abstract class AbstractUdfStreamOperator<TOut, TFunction> : AbstractStreamOperator<TOut>
    where TFunction : class
{
    protected AbstractUdfStreamOperator(TFunction userFunction) => UserFunction = userFunction;

    /// <summary>This subtask's copy of the user function (rich functions are copied per subtask; see FunctionCopier).</summary>
    public TFunction UserFunction { get; }

    /// <summary>Keyed state handed to a checkpointed function; keyed operators override it once their key context exists.</summary>
    protected virtual IKeyedStateStore? KeyedStateStore => null;

    public override void Open()
    {
        // As in Flink, the runtime context is there before state initialization, which may read it.
        if (UserFunction is IRichFunction rich) rich.RuntimeContext = RuntimeContext;
        InitializeFunctionState(UserFunction, GetType().Name, KeyedStateStore);
        if (UserFunction is IRichFunction opened) opened.Open();
    }

    public override void Close()
    {
        if (UserFunction is IRichFunction rich) rich.Close();
    }
}

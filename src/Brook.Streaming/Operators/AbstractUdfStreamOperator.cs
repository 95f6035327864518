using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>An operator around a user function: gives a rich function its runtime context, opens and closes it.</summary>
public abstract class AbstractUdfStreamOperator<TOut, TFunction> : AbstractStreamOperator<TOut>
    where TFunction : class
{
    protected AbstractUdfStreamOperator(TFunction userFunction) => UserFunction = userFunction;

    /// <summary>This subtask's copy of the user function (rich functions are copied per subtask; see FunctionCopier).</summary>
    public TFunction UserFunction { get; }

    public override void Open()
    {
        if (UserFunction is IRichFunction rich)
        {
            rich.RuntimeContext = RuntimeContext;
            rich.Open();
        }
    }

    public override void Close()
    {
        if (UserFunction is IRichFunction rich) rich.Close();
    }
}

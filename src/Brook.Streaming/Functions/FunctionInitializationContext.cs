using Brook.Streaming.State;

namespace Brook.Streaming.Functions;

internal sealed class FunctionInitializationContext(IOperatorStateStore operatorStateStore, IKeyedStateStore? keyedStateStore, bool isRestored)
    : IFunctionInitializationContext
{
    public bool IsRestored { get; } = isRestored;

    public IOperatorStateStore OperatorStateStore { get; } = operatorStateStore;

    public IKeyedStateStore? KeyedStateStore { get; } = keyedStateStore;
}

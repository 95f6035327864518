using Brook.Streaming.State;

namespace Brook.Streaming.Functions;

internal sealed class FunctionInitializationContext(IOperatorStateStore operatorStateStore, IKeyedStateStore? keyedStateStore)
    : IFunctionInitializationContext
{
    public IOperatorStateStore OperatorStateStore { get; } = operatorStateStore;

    public IKeyedStateStore? KeyedStateStore { get; } = keyedStateStore;
}

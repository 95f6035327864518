using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.State.Tests.Harness;

/// <summary>The heap backend, keeping the operator's keyed backend so a test can snapshot it.</summary>
internal sealed class CapturingBackend
{
    private HeapKeyedStateBackend? _keyed;

    public IStateBackend With(TimeProvider time) => new Capturing(this, new HashMapStateBackend(time));

    public byte[] Snapshot() => (_keyed ?? throw new InvalidOperationException("The operator made no keyed backend.")).Snapshot();

    private sealed class Capturing(CapturingBackend owner, HashMapStateBackend inner) : IStateBackend
    {
        public IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters)
        {
            var backend = inner.CreateKeyedStateBackend<TKey>(parameters);
            owner._keyed = (HeapKeyedStateBackend)backend;
            return backend;
        }

        public IOperatorStateStore CreateOperatorStateBackend(OperatorStateBackendParameters parameters) => inner.CreateOperatorStateBackend(parameters);
    }
}

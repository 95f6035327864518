using Brook.Streaming.State;

namespace Brook.Streaming.Operators;

/// <summary>
/// The slot where a state backend plugs in (Flink's StateBackend). The job sets one with
/// <c>StreamExecutionEnvironment.SetStateBackend</c>; the runtime passes it to every operator, and keyed
/// operators create one keyed backend per subtask over the key groups the subtask owns; operators whose
/// user function keeps operator (non-keyed) state, and broadcast operators, create one operator state
/// backend per subtask.
/// </summary>
public interface IStateBackend
{
    IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters);

    IOperatorStateStore CreateOperatorStateBackend(OperatorStateBackendParameters parameters);
}

using Brook.Core.Hashing;

namespace Brook.Streaming.Operators;

/// <summary>
/// The slot where a state backend plugs in (Flink's StateBackend). The job sets one with
/// <c>StreamExecutionEnvironment.SetStateBackend</c>; the runtime passes it to every operator, and keyed
/// operators create one keyed backend per subtask over the key groups the subtask owns.
/// </summary>
public interface IStateBackend
{
    IKeyedStateBackend<TKey> CreateKeyedStateBackend<TKey>(KeyedStateBackendParameters parameters);
}

/// <summary>What a keyed backend is created for: one operator of one subtask.</summary>
public sealed record KeyedStateBackendParameters(
    string JobId,
    string OperatorId,
    string OperatorName,
    int SubtaskIndex,
    int MaxParallelism,
    KeyGroupRange KeyGroupRange);

/// <summary>
/// Keyed state of one operator in one subtask. The operator sets the current key (and its key group)
/// before every element and timer, and state accessors read and write under that key.
/// </summary>
public interface IKeyedStateBackend<TKey> : IDisposable
{
    void SetCurrentKey(TKey key, int keyGroup);

    TKey CurrentKey { get; }

    int CurrentKeyGroup { get; }
}

namespace Brook.Streaming.State;

/// <summary>
/// Non-keyed state of an operator subtask. On restore at another parallelism, list state is split among
/// the subtasks (each element goes to exactly one), union list state is given whole to every subtask, and
/// broadcast state is copied to every subtask.
/// </summary>
public interface IOperatorStateStore
{
    IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor);

    IListState<T> GetUnionListState<T>(ListStateDescriptor<T> descriptor);

    IBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull;

    IReadOnlyCollection<string> RegisteredStateNames { get; }
}

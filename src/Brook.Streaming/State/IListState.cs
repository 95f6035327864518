namespace Brook.Streaming.State;

/// <summary>A list of values per key (keyed) or per operator subtask (operator state).</summary>
public interface IListState<T> : IAppendingState<T, IEnumerable<T>>
{
    /// <summary>Replaces the list with the given values.</summary>
    void Update(IEnumerable<T> values);

    void AddAll(IEnumerable<T> values);
}

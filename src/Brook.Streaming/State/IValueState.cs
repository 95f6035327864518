namespace Brook.Streaming.State;

/// <summary>One value per key: read, update, clear.</summary>
public interface IValueState<T> : IState
{
    /// <summary>The value for the current key, or the descriptor's default value when there is none.</summary>
    T Value();

    /// <summary>True when the current key has a (non-expired) value.</summary>
    bool TryGetValue(out T value);

    void Update(T value);
}

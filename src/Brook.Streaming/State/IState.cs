namespace Brook.Streaming.State;

/// <summary>A piece of state. Keyed state is scoped to the current key (and namespace, e.g. the window).</summary>
public interface IState
{
    /// <summary>Removes the value for the current key (and namespace).</summary>
    void Clear();
}

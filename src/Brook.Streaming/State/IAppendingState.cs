namespace Brook.Streaming.State;

/// <summary>State that values are added to and read back as one result (a list, a reduced value, an aggregate).</summary>
public interface IAppendingState<in TIn, TOut> : IState
{
    /// <summary>The current result, or the type's default (an empty sequence for lists) when nothing was added.</summary>
    TOut Get();

    /// <summary>True when something was added for the current key (and namespace).</summary>
    bool TryGet(out TOut value);

    void Add(TIn value);
}

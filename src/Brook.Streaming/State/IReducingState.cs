namespace Brook.Streaming.State;

/// <summary>Values added are combined with the descriptor's reduce function into one value.</summary>
public interface IReducingState<T> : IAppendingState<T, T>;

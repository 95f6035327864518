namespace Brook.Streaming.State;

/// <summary>Values added are folded into an accumulator by an <see cref="IAggregateFunction{TIn,TAcc,TOut}"/>; reading gives its result.</summary>
public interface IAggregatingState<in TIn, TOut> : IAppendingState<TIn, TOut>;

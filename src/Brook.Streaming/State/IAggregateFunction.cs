namespace Brook.Streaming.State;

/// <summary>
/// An incremental aggregation: values are added to an accumulator, accumulators can be merged (session
/// windows), and the result is read from the accumulator. Must not keep state of its own.
/// </summary>
public interface IAggregateFunction<in TIn, TAcc, out TOut>
{
    TAcc CreateAccumulator();

    TAcc Add(TIn value, TAcc accumulator);

    TOut GetResult(TAcc accumulator);

    TAcc Merge(TAcc a, TAcc b);
}

using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>COUNT(*) as an incremental window aggregate: the window keeps one long, not its elements.</summary>
public sealed class CountAggregate<T> : IAggregateFunction<T, long, long>
{
    public long CreateAccumulator() => 0;

    public long Add(T value, long accumulator) => accumulator + 1;

    public long GetResult(long accumulator) => accumulator;

    public long Merge(long a, long b) => a + b;
}

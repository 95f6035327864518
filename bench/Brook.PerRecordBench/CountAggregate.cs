using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.PerRecordBench;

/// <summary>Counts the elements of a window.</summary>
internal sealed class CountAggregate : IAggregateFunction<long, long, long>
{
    public long CreateAccumulator() => 0;

    public long Add(long value, long accumulator) => accumulator + 1;

    public long GetResult(long accumulator) => accumulator;

    public long Merge(long a, long b) => a + b;
}

/// <summary>Emits (key, window start, count) for the count of a window.</summary>
internal sealed class KeyedWindowCount : IWindowFunction<long, (long Key, long Start, long Count), long, TimeWindow>
{
    public void Apply(long key, TimeWindow window, IEnumerable<long> input, ICollector<(long Key, long Start, long Count)> output)
    {
        foreach (var count in input) output.Collect((key, window.Start, count));
    }
}

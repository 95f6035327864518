using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>Turns a window's count into (key, count, window start, window end) rows.</summary>
public sealed class KeyedWindowCount<TKey> : ProcessWindowFunction<long, WindowCount<TKey>, TKey, TimeWindow>
{
    public override void Process(TKey key, Context context, IEnumerable<long> elements, Brook.Streaming.Functions.ICollector<WindowCount<TKey>> output)
    {
        foreach (var count in elements) output.Collect(new WindowCount<TKey>(key, count, context.Window.Start, context.Window.End));
    }
}

public sealed record WindowCount<TKey>(TKey Key, long Count, long Start, long End);

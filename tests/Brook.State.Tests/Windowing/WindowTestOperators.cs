using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Windowing;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

/// <summary>Window operators over (key, value) pairs, as the DataStream API builds them.</summary>
internal static class WindowTestOperators
{
    public static WindowOperator<string, (string Key, long Value), (string Key, long Value), TWindow> Sum<TWindow>(
        WindowAssigner<TWindow> assigner,
        Trigger<TWindow>? trigger = null,
        long allowedLateness = 0,
        OutputTag<(string Key, long Value)>? lateTag = null) where TWindow : Window =>
        new("Window(Sum)", assigner, trigger ?? assigner.GetDefaultTrigger(), e => e.Key,
            WindowContents.Reducing<string, (string Key, long Value), (string Key, long Value), TWindow>(
                (a, b) => (a.Key, a.Value + b.Value), new PassThroughWindowFunction<(string Key, long Value), string, TWindow>()),
            allowedLateness, lateTag);

    public static WindowOperator<string, (string Key, long Value), TOut, TWindow> Process<TOut, TWindow>(
        WindowAssigner<TWindow> assigner,
        ProcessWindowFunction<(string Key, long Value), TOut, string, TWindow> function,
        Trigger<TWindow>? trigger = null,
        IEvictor<TWindow>? evictor = null) where TWindow : Window
    {
        var adapter = new ProcessWindowFunctionAdapter<(string Key, long Value), TOut, string, TWindow>(function);
        return new("Window(Process)", assigner, trigger ?? assigner.GetDefaultTrigger(), e => e.Key,
            evictor is null ? WindowContents.Listing(adapter) : WindowContents.Evicting(evictor, adapter), 0, null);
    }

    public static WindowOperator<string, (string Key, long Value), (string Key, double Avg), TWindow> Average<TWindow>(
        WindowAssigner<TWindow> assigner) where TWindow : Window =>
        new("Window(Avg)", assigner, assigner.GetDefaultTrigger(), e => e.Key,
            WindowContents.Aggregating<string, (string Key, long Value), (string Key, long Sum, long Count), (string Key, double Avg), (string Key, double Avg), TWindow>(
                new AverageAggregate(), new PassThroughWindowFunction<(string Key, double Avg), string, TWindow>()),
            0, null);

    public sealed class AverageAggregate : IAggregateFunction<(string Key, long Value), (string Key, long Sum, long Count), (string Key, double Avg)>
    {
        public (string Key, long Sum, long Count) CreateAccumulator() => ("", 0, 0);
        public (string Key, long Sum, long Count) Add((string Key, long Value) value, (string Key, long Sum, long Count) acc) => (value.Key, acc.Sum + value.Value, acc.Count + 1);
        public (string Key, double Avg) GetResult((string Key, long Sum, long Count) acc) => (acc.Key, (double)acc.Sum / acc.Count);
        public (string Key, long Sum, long Count) Merge((string Key, long Sum, long Count) a, (string Key, long Sum, long Count) b) => (a.Key == "" ? b.Key : a.Key, a.Sum + b.Sum, a.Count + b.Count);
    }
}

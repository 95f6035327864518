using Brook.Streaming.Functions;
using Brook.Streaming.Operators.Timers;
using Brook.Streaming.Operators.Watermarks;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.Streaming;

/// <summary>Event time, windows, timers and joins on streams (the DataStream API methods of those features).</summary>
public static class EventTimeStreamExtensions
{
    /// <summary>
    /// Stamps each element with the strategy's timestamp and emits its watermarks, periodically every
    /// <c>pipeline.auto-watermark-interval</c> (default 200 ms) of the environment's configuration. In BATCH execution
    /// only the timestamps are assigned: no watermark is emitted before the end of input, as in Flink.
    /// </summary>
    public static SingleOutputStreamOperator<T> AssignTimestampsAndWatermarks<T>(this DataStream<T> stream, WatermarkStrategy<T> strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var interval = stream.Environment.Configuration.Get(WatermarkOptions.AutoWatermarkInterval);
        var result = stream.Transform<T>("Timestamps/Watermarks", () => new TimestampsAndWatermarksOperator<T>(strategy, interval),
            () => new TimestampsAndWatermarksOperator<T>(strategy, interval, emitProgressiveWatermarks: false));
        // Chained to its input, so it runs with the input's parallelism (as in Flink).
        result.SetParallelism(stream.Parallelism);
        return result;
    }

    public static WindowedStream<T, TKey, TWindow> Window<T, TKey, TWindow>(this KeyedStream<T, TKey> stream, WindowAssigner<TWindow> assigner)
        where TKey : notnull where TWindow : Window => new(stream, assigner);

    /// <summary>Windows of <paramref name="size"/> elements per key (GlobalWindows with a purging count trigger).</summary>
    public static WindowedStream<T, TKey, GlobalWindow> CountWindow<T, TKey>(this KeyedStream<T, TKey> stream, long size) where TKey : notnull =>
        stream.Window(GlobalWindows.Create()).Trigger(PurgingTrigger.Of(CountTrigger.Of(size)));

    /// <summary>The last <paramref name="size"/> elements per key, evaluated every <paramref name="slide"/> elements.</summary>
    public static WindowedStream<T, TKey, GlobalWindow> CountWindow<T, TKey>(this KeyedStream<T, TKey> stream, long size, long slide) where TKey : notnull =>
        stream.Window(GlobalWindows.Create()).Evictor(CountEvictor.Of(size)).Trigger(CountTrigger.Of(slide));

    /// <summary>Windows over the whole (non-keyed) stream; the window operator runs as a single subtask.</summary>
    public static AllWindowedStream<T, TWindow> WindowAll<T, TWindow>(this DataStream<T> stream, WindowAssigner<TWindow> assigner) where TWindow : Window =>
        new(stream, assigner);

    /// <summary>Processes each element with keyed state and timers of its key.</summary>
    public static SingleOutputStreamOperator<TOut> Process<T, TKey, TOut>(this KeyedStream<T, TKey> stream, KeyedProcessFunction<TKey, T, TOut> function)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        var keySelector = stream.KeySelector;
        return stream.KeyedTransform<TOut>("KeyedProcess", () => new KeyedProcessOperator<TKey, T, TOut>(FunctionCopier.ForSubtask(function), keySelector));
    }

    public static JoinedStreams<T1, T2> Join<T1, T2>(this DataStream<T1> first, DataStream<T2> second) => new(first, second);

    public static CoGroupedStreams<T1, T2> CoGroup<T1, T2>(this DataStream<T1> first, DataStream<T2> second) => new(first, second);

    public static IntervalJoin<T1, T2, TKey> IntervalJoin<T1, T2, TKey>(this KeyedStream<T1, TKey> left, KeyedStream<T2, TKey> right) where TKey : notnull =>
        new(left, right);
}

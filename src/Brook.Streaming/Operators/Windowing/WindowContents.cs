using Brook.Streaming.State;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>Creates the window contents of each kind of window evaluation in an operator's keyed backend.</summary>
internal static class WindowContents
{
    /// <summary>Flink's name of the window contents state.</summary>
    public const string StateName = "window-contents";

    public static Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> Reducing<TKey, TIn, TOut, TWindow>(
        Func<TIn, TIn, TIn> reduce, InternalWindowFunction<TIn, TOut, TKey, TWindow> function) where TWindow : Window =>
        backend => new StateWindowContents<TKey, TIn, TIn, TOut, TWindow>(
            backend.GetReducingState(new ReducingStateDescriptor<TIn>(StateName, reduce), NoWindowYet<TWindow>()), function);

    public static Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> Aggregating<TKey, TIn, TAcc, TResult, TOut, TWindow>(
        IAggregateFunction<TIn, TAcc, TResult> aggregate, InternalWindowFunction<TResult, TOut, TKey, TWindow> function) where TWindow : Window =>
        backend => new StateWindowContents<TKey, TIn, TResult, TOut, TWindow>(
            backend.GetAggregatingState(new AggregatingStateDescriptor<TIn, TAcc, TResult>(StateName, aggregate), NoWindowYet<TWindow>()), function);

    public static Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> Listing<TKey, TIn, TOut, TWindow>(
        InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> function) where TWindow : Window =>
        backend => new StateWindowContents<TKey, TIn, IEnumerable<TIn>, TOut, TWindow>(
            backend.GetListState(new ListStateDescriptor<TIn>(StateName), NoWindowYet<TWindow>()), function);

    public static Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> Evicting<TKey, TIn, TOut, TWindow>(
        IEvictor<TWindow> evictor, InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> function) where TWindow : Window =>
        backend => new EvictingWindowContents<TKey, TIn, TOut, TWindow>(
            backend.GetListState(new ListStateDescriptor<TimestampedValue<TIn>>(StateName), NoWindowYet<TWindow>()), evictor, function);

    /// <summary>The namespace before the first window is set; the operator sets the window before every access.</summary>
    private static TWindow NoWindowYet<TWindow>() where TWindow : Window => null!;
}

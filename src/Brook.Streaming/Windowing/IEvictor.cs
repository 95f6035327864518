namespace Brook.Streaming.Windowing;

/// <summary>The clocks an evictor may read.</summary>
public interface IEvictorContext
{
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }
}

/// <summary>
/// Removes elements from a window before and/or after the window function runs, by removing them from the
/// list. An evictor for <see cref="Window"/> works on every window type.
/// </summary>
public interface IEvictor<in TWindow> where TWindow : Window
{
    void EvictBefore<T>(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context);

    void EvictAfter<T>(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context);
}

namespace Brook.Streaming.Windowing;

/// <summary>The clocks an evictor may read.</summary>
public interface IEvictorContext
{
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }
}

/// <summary>Removes elements from a window before and/or after the window function runs; removal is by mutating the list.</summary>
public interface IEvictor<T, in TWindow> where TWindow : Window
{
    void EvictBefore(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context);

    void EvictAfter(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context);
}

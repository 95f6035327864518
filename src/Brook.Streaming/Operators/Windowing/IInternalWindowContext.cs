using Brook.Streaming.State;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>The window operator's side of a window function's context, for the window being evaluated.</summary>
internal interface IInternalWindowContext
{
    long CurrentProcessingTime { get; }

    long CurrentWatermark { get; }

    IKeyedStateStore WindowState { get; }

    IKeyedStateStore GlobalState { get; }

    void Output<TSide>(OutputTag<TSide> tag, TSide value);
}

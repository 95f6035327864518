namespace Brook.Streaming.Watermarks;

/// <summary>Emits no watermarks (processing-time jobs, or timestamps without event-time progress).</summary>
public sealed class NoWatermarksGenerator<T> : IWatermarkGenerator<T>
{
    public void OnEvent(T @event, long eventTimestamp, IWatermarkOutput output)
    {
    }

    public void OnPeriodicEmit(IWatermarkOutput output)
    {
    }
}

namespace Brook.Streaming.Watermarks;

/// <summary>Generates watermarks from the events it sees (punctuated) and/or periodically.</summary>
public interface IWatermarkGenerator<in T>
{
    /// <summary>Called for every event with its assigned timestamp.</summary>
    void OnEvent(T @event, long eventTimestamp, IWatermarkOutput output);

    /// <summary>Called every <c>pipeline.auto-watermark-interval</c>.</summary>
    void OnPeriodicEmit(IWatermarkOutput output);
}

namespace Brook.Streaming.Watermarks;

/// <summary>Where a watermark generator emits watermarks (epoch ms) and marks its input idle or active.</summary>
public interface IWatermarkOutput
{
    /// <summary>Emits a watermark; a watermark not larger than the last one emitted is ignored. Also marks the output active.</summary>
    void EmitWatermark(long timestamp);

    /// <summary>Marks the output idle: downstream operators stop waiting for its watermarks until it emits again.</summary>
    void MarkIdle();

    void MarkActive();
}

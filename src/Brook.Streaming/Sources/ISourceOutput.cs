using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

/// <summary>Where a reader emits records, optionally with event timestamps.</summary>
public interface ISourceOutput<T>
{
    void Collect(T value);

    void Collect(T value, long timestamp);

    void EmitWatermark(long watermark);
}

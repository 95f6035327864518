using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

/// <summary>Where a reader emits records, optionally with event timestamps.</summary>
public interface ISourceOutput<T>
{
    void Collect(T value);

    void Collect(T value, long timestamp);

    /// <summary>Emits a run of values without timestamps, as <see cref="Collect(T)"/> on each in order (the source task takes them as one batch).</summary>
    void CollectBatch(ReadOnlySpan<T> values)
    {
        foreach (var value in values) Collect(value);
    }

    void EmitWatermark(long watermark);
}

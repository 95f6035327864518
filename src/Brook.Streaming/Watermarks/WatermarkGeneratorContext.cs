namespace Brook.Streaming.Watermarks;

/// <summary>What a watermark strategy gets when the runtime creates its generator and timestamp assigner.</summary>
public sealed record WatermarkGeneratorContext(TimeProvider TimeProvider);

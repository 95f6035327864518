using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>The per-record context of a sink write: the record's timestamp and the current watermark.</summary>
public readonly record struct SinkRecordContext(long? Timestamp, long CurrentWatermark);

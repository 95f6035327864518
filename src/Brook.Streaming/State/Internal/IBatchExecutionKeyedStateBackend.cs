namespace Brook.Streaming.State.Internal;

/// <summary>
/// A keyed state backend created for BATCH execution (Flink's BatchExecutionKeyedStateBackend): its operator's input
/// arrives grouped by key, and the operator tells it when the current key's records are all processed.
/// </summary>
internal interface IBatchExecutionKeyedStateBackend
{
    /// <summary>The current key's input ended: fire its timers (event time as at watermark long.MaxValue, then processing time), drop its state.</summary>
    void EndKey();
}

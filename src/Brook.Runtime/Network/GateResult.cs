using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>What the gate produced on one poll.</summary>
internal enum GateResult
{
    /// <summary>A data buffer to process.</summary>
    Data,

    /// <summary>An event was handled; nothing to process (check <see cref="InputGate{T}.TakeWatermarkAdvance"/>).</summary>
    Event,

    NothingAvailable,

    /// <summary>Every channel has ended.</summary>
    EndOfInput,
}

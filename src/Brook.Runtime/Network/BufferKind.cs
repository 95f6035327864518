using System.Runtime.CompilerServices;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>What a buffer carries.</summary>
internal enum BufferKind
{
    Data,
    Watermark,
    EndOfPartition,

    /// <summary>An idle/active change of the producer (the watermark field holds the <see cref="WatermarkStatus"/>).</summary>
    WatermarkStatus,

    /// <summary>A checkpoint barrier (the buffer's <see cref="Buffer{T}.Barrier"/>).</summary>
    CheckpointBarrier,
}

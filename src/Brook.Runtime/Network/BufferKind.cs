using System.Runtime.CompilerServices;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>What a buffer carries.</summary>
internal enum BufferKind
{
    Data,
    Watermark,
    EndOfPartition,
}

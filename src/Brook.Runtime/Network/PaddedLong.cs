using System.Runtime.InteropServices;

namespace Brook.Runtime.Network;

/// <summary>A long alone on its cache line, so producer and consumer indices do not false-share.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}

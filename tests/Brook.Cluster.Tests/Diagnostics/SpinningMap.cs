using System.Runtime.CompilerServices;
using Brook.Streaming.Functions;

namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>Spins in <see cref="SpinInUserCode"/> on its first record until the gate opens: an ON_CPU task thread with a known frame.</summary>
internal sealed class SpinningMap(Gate gate) : RichMapFunction<long, long>
{
    public long Spins { get; private set; }

    public override long Map(long value)
    {
        if (value == 1) SpinInUserCode();
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpinInUserCode()
    {
        gate.Enter();
        while (!gate.IsReleased) Spins++;
    }
}

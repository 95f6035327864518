using System.Runtime.CompilerServices;
using Brook.Streaming.Functions;

namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>Waits in <see cref="WaitInUserCode"/> on its first record until the gate opens: an OFF_CPU task thread with a known frame.</summary>
internal sealed class BlockingMap(Gate gate) : RichMapFunction<long, long>
{
    public override long Map(long value)
    {
        if (value == 1) WaitInUserCode();
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitInUserCode()
    {
        gate.Enter();
        gate.Wait();
    }
}

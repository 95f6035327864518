using System.Runtime.CompilerServices;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Runtime.Tests.Failover;

/// <summary>Each key's running sum in keyed state, emitted per record as (value mod <paramref name="keys"/>, sum).</summary>
internal sealed class RollingSum(int keys) : KeyedProcessFunction<long, long, (long Key, long Sum)>
{
    private IValueState<long> _sum = null!;

    public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

    public override void ProcessElement(long value, Context context, ICollector<(long Key, long Sum)> output)
    {
        var sum = _sum.Value() + value;
        _sum.Update(sum);
        output.Collect((value % keys, sum));
    }
}

/// <summary>Fails the first attempt at its next record once armed.</summary>
internal sealed class FailWhenArmed(StrongBox<bool> armed) : RichMapFunction<long, long>
{
    public override long Map(long value) =>
        RuntimeContext.AttemptNumber == 0 && Volatile.Read(ref armed.Value) ? throw new InvalidOperationException($"Injected failure at {value}.") : value;
}

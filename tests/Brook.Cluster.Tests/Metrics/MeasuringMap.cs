using Brook.Streaming.Functions;
using Brook.Streaming.Metrics;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>A map registering user metrics of every kind from its runtime context, as a Flink user would.</summary>
internal sealed class MeasuringMap : RichMapFunction<long, long>
{
    private ICounter _seen = null!;
    private IHistogram _values = null!;
    private IMeter _rate = null!;
    private long _last;

    public override void Open()
    {
        var group = RuntimeContext.GetMetricGroup().AddGroup("orders").AddGroup("region", "eu");
        _seen = group.Counter("seen");
        _values = group.Histogram("values", new DescriptiveStatisticsHistogram(100));
        _rate = group.Meter("rate", new MeterView());
        group.Gauge("last", () => Volatile.Read(ref _last));
    }

    public override long Map(long value)
    {
        _seen.Inc();
        _values.Update(value);
        _rate.MarkEvent();
        Volatile.Write(ref _last, value);
        return value;
    }
}

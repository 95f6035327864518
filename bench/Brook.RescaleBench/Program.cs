using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.State;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

// Rescale downtime: a keyed running sum over [keys] keys (every key has state) runs at parallelism 2 on the embedded
// cluster (4 slots); JobMaster.RescaleAsync(4) (what PATCH /jobs/:jobid/rescaling does) takes a checkpoint, cancels the
// tasks and redeploys them at 4 from it. Downtime = the last record out of the keyed operator at parallelism 2 to the
// first record out of it at parallelism 4. Baseline, in the same process, same job and state: a failover (an injected
// failure, restart delay 0) restoring the same checkpointed state at parallelism 2, from the last record out of the
// failed attempts to the first out of the restarted ones. Each is measured [rounds] times on a fresh cluster.
// Usage: dotnet run -c Release --project bench/Brook.RescaleBench [keys] [rounds]
var keys = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 100_000L;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"Brook rescale benchmark: {keys:N0} keys, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var rescales = new List<Measurement>();
var failovers = new List<Measurement>();
for (var round = 0; round < rounds; round++)
{
    // Alternated, so drift of a shared machine hits both alike.
    rescales.Add(await MeasureAsync(rescale: true));
    failovers.Add(await MeasureAsync(rescale: false));
    Console.WriteLine($"round {round + 1}: rescale 2->4 downtime {rescales[^1].Downtime.TotalMilliseconds,7:F1} ms (operation {rescales[^1].Operation.TotalMilliseconds,7:F1} ms, " +
        $"state {rescales[^1].StateBytes / 1e6:F1} MB); failover at 2 {failovers[^1].Downtime.TotalMilliseconds,7:F1} ms");
}
var rescaleP50 = Median(rescales.Select(m => m.Downtime.TotalMilliseconds));
var failoverP50 = Median(failovers.Select(m => m.Downtime.TotalMilliseconds));
Console.WriteLine($"rescale 2->4 downtime p50 {rescaleP50:F1} ms (min {rescales.Min(m => m.Downtime.TotalMilliseconds):F1}, max {rescales.Max(m => m.Downtime.TotalMilliseconds):F1}); " +
    $"RescaleAsync p50 {Median(rescales.Select(m => m.Operation.TotalMilliseconds)):F1} ms (checkpoint included)");
Console.WriteLine($"failover at 2 (baseline) p50 {failoverP50:F1} ms (min {failovers.Min(m => m.Downtime.TotalMilliseconds):F1}, max {failovers.Max(m => m.Downtime.TotalMilliseconds):F1})");
Console.WriteLine($"ratio rescale / failover: {rescaleP50 / failoverP50:F2}");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

async Task<Measurement> MeasureAsync(bool rescale)
{
    var conf = new Configuration()
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
        .Set(CoreOptions.NumberOfTaskSlots, 4);
    await using var cluster = new MiniCluster(conf);
    var probe = new Probe(keys * 2, rescale);
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
    env.EnableCheckpointing(TimeSpan.FromHours(1));
    env.FromGenerator(i => i)
        .Map(new FailWhenArmed(probe))
        .KeyBy(v => v % keys)
        .Process(new RollingSum(probe))
        .SinkTo(new ActionSink<long>(_ => { }));
    var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph(rescale ? "rescale" : "failover")));
    await probe.Warm.Task.WaitAsync(TimeSpan.FromMinutes(5));
    var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync();
    var operation = TimeSpan.Zero;
    if (rescale)
    {
        var started = Stopwatch.GetTimestamp();
        await job.RescaleAsync(4).WaitAsync(TimeSpan.FromMinutes(5));
        operation = Stopwatch.GetElapsedTime(started);
    }
    else
    {
        Volatile.Write(ref probe.Armed, true);
    }
    await probe.Resumed.Task.WaitAsync(TimeSpan.FromMinutes(5));
    job.Cancel();
    var result = await job.ResultTask;
    if (result.Status != JobStatus.CANCELED) throw new InvalidOperationException($"The job ended {result.Status}.");
    return new Measurement(Stopwatch.GetElapsedTime(Volatile.Read(ref probe.LastBefore), Volatile.Read(ref probe.FirstAfter)), operation, checkpoint.StateSize);
}

internal sealed record Measurement(TimeSpan Downtime, TimeSpan Operation, long StateBytes);

/// <summary>
/// What the job's functions report: warm once every key has state; the last record out of the keyed operator before
/// the change (parallelism 2, first attempt) and the first after it (parallelism 4 for a rescale, a later attempt for a failover).
/// </summary>
internal sealed class Probe(long warmAfter, bool rescale)
{
    public readonly long WarmAfter = warmAfter;
    public readonly bool Rescale = rescale;
    public readonly TaskCompletionSource Warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly TaskCompletionSource Resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public long Processed;
    public bool Armed;
    public long LastBefore;
    public long FirstAfter;
}

/// <summary>For the failover baseline: throws in the first attempt once armed.</summary>
internal sealed class FailWhenArmed(Probe probe) : RichMapFunction<long, long>
{
    public override long Map(long value) =>
        RuntimeContext.AttemptNumber == 0 && Volatile.Read(ref probe.Armed) ? throw new InvalidOperationException("Injected failure.") : value;
}

/// <summary>A keyed running sum; notes when each record leaves it, before and after the change.</summary>
internal sealed class RollingSum(Probe probe) : KeyedProcessFunction<long, long, long>
{
    private IValueState<long> _sum = null!;

    public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

    public override void ProcessElement(long value, Context context, ICollector<long> output)
    {
        var sum = _sum.Value() + value;
        _sum.Update(sum);
        output.Collect(sum);
        var now = Stopwatch.GetTimestamp();
        var after = probe.Rescale ? RuntimeContext.NumberOfParallelSubtasks == 4 : RuntimeContext.AttemptNumber > 0;
        if (after)
        {
            if (Interlocked.CompareExchange(ref probe.FirstAfter, now, 0) == 0) probe.Resumed.TrySetResult();
            return;
        }
        // Records out before the change; a later one of another subtask may land first, so keep the latest.
        var last = Volatile.Read(ref probe.LastBefore);
        while (now > last && Interlocked.CompareExchange(ref probe.LastBefore, now, last) is var seen && seen != last) last = seen;
        if (Interlocked.Increment(ref probe.Processed) == probe.WarmAfter) probe.Warm.TrySetResult();
    }
}

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

// Recovery time: from an injected failure (a user function throws) to the first record the restarted attempt
// processes, on the embedded cluster, restart delay 0 (fixed-delay), so the figure is the failover itself:
//   1. without checkpoints: the restarted job replays from scratch;
//   2. with a completed checkpoint of a keyed ValueState over [keys] keys: the restarted attempts restore it first.
// The keyed job runs at parallelism 2; the checkpoint is triggered once every key has state.
// Usage: dotnet run -c Release --project bench/Brook.RecoveryBench [keys] [checkpoint-dir]
var keys = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000L;
var directory = args.Length > 1 ? args[1] : null;
Console.WriteLine($"Brook recovery benchmark: {keys:N0} keys, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
    $"checkpoint storage {(directory is null ? "JobManager (in memory)" : directory)}");

var scratch = await MeasureAsync(checkpointed: false);
Console.WriteLine($"no checkpoint, replay from scratch:       {scratch.Recovery.TotalMilliseconds,8:F1} ms from the failure to the first record processed again " +
    $"(RESTARTING for {scratch.Restarting} ms)");
var restored = await MeasureAsync(checkpointed: true);
Console.WriteLine($"restore of {restored.StateBytes / 1e6,6:F1} MB keyed state ({keys:N0} keys): {restored.Recovery.TotalMilliseconds,8:F1} ms from the failure to the first record processed after the restore " +
    $"(RESTARTING for {restored.Restarting} ms)");
Console.WriteLine($"  (checkpoint: {restored.CheckpointTime.TotalMilliseconds:F0} ms to complete)");

async Task<(TimeSpan Recovery, long Restarting, long StateBytes, TimeSpan CheckpointTime)> MeasureAsync(bool checkpointed)
{
    var conf = new Configuration()
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
        .Set(CoreOptions.NumberOfTaskSlots, 2);
    if (directory is not null) conf.SetRaw("execution.checkpointing.dir", Path.Combine(directory, Guid.NewGuid().ToString("N")));
    await using var cluster = new MiniCluster(conf);
    var probe = new Probe(keys * 2);
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
    if (checkpointed) env.EnableCheckpointing(TimeSpan.FromHours(1));
    env.FromGenerator(i => i)
        .Map(new FailWhenArmed(probe)).SetParallelism(1)
        .KeyBy(v => v % keys)
        .Process(new RollingSum(probe))
        .SinkTo(new ActionSink<long>(_ => { }));
    var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph(checkpointed ? "restore" : "replay")));
    await probe.Warm.Task.WaitAsync(TimeSpan.FromMinutes(5));
    long stateBytes = 0;
    var checkpointTime = TimeSpan.Zero;
    if (checkpointed)
    {
        var started = Stopwatch.GetTimestamp();
        var checkpoint = await job.CheckpointCoordinator!.TriggerCheckpointAsync();
        checkpointTime = Stopwatch.GetElapsedTime(started);
        stateBytes = checkpoint.StateSize;
    }
    Volatile.Write(ref probe.Armed, true);
    await probe.Recovered.Task.WaitAsync(TimeSpan.FromMinutes(5));
    // RESTARTING lasts from the failure until the cancelled attempts ended and the new ones were deployed (JobMaster clock).
    var timestamps = job.Snapshot().StatusTimestamps;
    var restarting = timestamps[JobStatus.RUNNING] - timestamps[JobStatus.RESTARTING];
    job.Cancel();
    var result = await job.ResultTask;
    if (result.Status != JobStatus.CANCELED) throw new InvalidOperationException($"The job ended {result.Status}.");
    return (Stopwatch.GetElapsedTime(Volatile.Read(ref probe.FailedAt), Volatile.Read(ref probe.RecoveredAt)), restarting, stateBytes, checkpointTime);
}

/// <summary>What the job's functions report to the measurement: warm once every key has state, the failure and the first record after it.</summary>
internal sealed class Probe(long warmAfter)
{
    public readonly long WarmAfter = warmAfter;
    public readonly TaskCompletionSource Warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public long Processed;
    public bool Armed;
    public long FailedAt;
    public long RecoveredAt;
    public readonly TaskCompletionSource Recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Throws in the first attempt once armed, noting when.</summary>
internal sealed class FailWhenArmed(Probe probe) : RichMapFunction<long, long>
{
    public override long Map(long value)
    {
        if (RuntimeContext.AttemptNumber != 0 || !Volatile.Read(ref probe.Armed)) return value;
        Volatile.Write(ref probe.FailedAt, Stopwatch.GetTimestamp());
        throw new InvalidOperationException("Injected failure.");
    }
}

/// <summary>A keyed running sum; the first record of a restarted attempt marks the end of the recovery.</summary>
internal sealed class RollingSum(Probe probe) : KeyedProcessFunction<long, long, long>
{
    private IValueState<long> _sum = null!;

    public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

    public override void ProcessElement(long value, Context context, ICollector<long> output)
    {
        var sum = _sum.Value() + value;
        _sum.Update(sum);
        if (RuntimeContext.AttemptNumber > 0)
        {
            if (Interlocked.CompareExchange(ref probe.RecoveredAt, Stopwatch.GetTimestamp(), 0) == 0) probe.Recovered.TrySetResult();
        }
        else
        {
            if (Interlocked.Increment(ref probe.Processed) == probe.WarmAfter) probe.Warm.TrySetResult();
        }
        output.Collect(sum);
    }
}

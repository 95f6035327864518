using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.TestSupport;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Runs a pipeline with checkpoints to a directory: throttled until it produced some output, checkpoints it,
/// cancels it, then runs the same pipeline unthrottled from that checkpoint to the end.
/// </summary>
internal static class CheckpointedRun
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds the job: environment, whether to throttle the sources, and the sink's action.</summary>
    public delegate void Pipeline<T>(StreamExecutionEnvironment env, bool throttled, Action<T> sink);

    public sealed record Result<T>(IReadOnlyList<T> First, IReadOnlyList<T> Resumed, CompletedCheckpoint Checkpoint, IReadOnlyList<CheckpointStatistics> Statistics);

    public static JobGraph Job<T>(Configuration conf, Pipeline<T> pipeline, bool throttled, Action<T> sink, CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE)
    {
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(2);
        env.EnableCheckpointing(TimeSpan.FromHours(1), mode);
        env.CheckpointConfig.ExternalizedCheckpointRetention = ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION;
        pipeline(env, throttled, sink);
        return JobGraph.FromStreamGraph(env.GetStreamGraph("checkpointed"));
    }

    public static async Task<Result<T>> CheckpointCancelAndRestoreAsync<T>(string directory, Pipeline<T> pipeline,
        CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE, int minimumOutput = 500)
    {
        var conf = new Configuration().Set(CheckpointingOptions.Directory, directory).Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var first = new ConcurrentQueue<T>();
        var signal = new ProgressSignal();
        var job = cluster.SubmitJob(Job<T>(conf, pipeline, throttled: true, r =>
        {
            first.Enqueue(r);
            signal.Pulse();
        }, mode));
        job.StateChanged += _ => signal.Pulse();
        await signal.UntilAsync(() => first.Count >= minimumOutput, "the job produced output", Timeout);
        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Timeout);
        var statistics = job.CheckpointCoordinator.Statistics;
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        var resumed = new ConcurrentQueue<T>();
        var second = cluster.SubmitJob(Job<T>(conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer), pipeline, throttled: false, resumed.Enqueue, mode));
        var result = await second.ResultTask.WaitAsync(Timeout);
        Assert.Equal(Core.States.JobStatus.FINISHED, result.Status);
        return new Result<T>(first.ToList(), resumed.ToList(), checkpoint, statistics);
    }
}

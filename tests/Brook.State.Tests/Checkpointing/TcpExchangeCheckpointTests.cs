using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Streaming;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The checkpoint oracle with every subtask on its own TaskManager, exchanging over TCP (minicluster.network.tcp-exchange):
/// the storm job (keyed state, event-time timers and windows, so watermarks cross the network) restarts from its
/// checkpoints after injected failures, with barriers crossing the data plane aligned and unaligned: 0 lost, 0 duplicated.
/// </summary>
public sealed class TcpExchangeCheckpointTests : CheckpointOracle
{
    private bool _unaligned;
    private int _completedCheckpoints;

    protected override long Count => 30_000;

    // Slow enough that checkpoints (and with them the injected failures) complete well before the source ends.
    protected override double RecordsPerSecond => 12_000;

    protected override Configuration ClusterConfiguration(int parallelism, int spareTaskExecutors) => new Configuration()
        .Set(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange, true)
        .Set(CoreOptions.LocalNumberOfTaskManagers, parallelism + spareTaskExecutors)
        .Set(CoreOptions.NumberOfTaskSlots, 1);

    protected override void ConfigureCheckpointing(Configuration configuration) => configuration.Set(CheckpointingOptions.UnalignedEnabled, _unaligned);

    protected override void OnFailingRunSubmitted(Runtime.JobMaster.JobMaster job) =>
        job.CheckpointCoordinator.CheckpointCompleted += _ => Interlocked.Increment(ref _completedCheckpoints);

    protected override DataStream<string> Pipeline(DataStream<long> numbers) =>
        StormJob.Pipeline(numbers.KeyBy(v => v % 11).Map(v => v).Name("Keyed"));

    protected override string AtLeastOnceIdentity(string line) => StormJob.AtLeastOnceIdentity(line);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_exchanging_over_tcp_restarts_from_its_checkpoints_and_loses_or_duplicates_nothing(bool unaligned)
    {
        _unaligned = unaligned;
        var outcome = await RunAsync(2, CheckpointingMode.EXACTLY_ONCE, failures: 2);

        Assert.True(outcome.Status == JobStatus.FINISHED, outcome.ToString());
        Assert.True(outcome.Failures == 2, outcome.ToString());
        Assert.True(outcome.Lost.Count == 0, outcome.ToString());
        Assert.True(outcome.Duplicated.Count == 0, outcome.ToString());
        Assert.True(_completedCheckpoints > 0, outcome.ToString());
    }
}

using Brook.Core.States;
using Brook.Runtime.Network.Remote;
using Brook.Streaming;
using Brook.Streaming.Sources;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.NetworkShuffle;

/// <summary>A consumer that stops on one TaskManager stops the producers on the other over TCP, with flat network memory.</summary>
public sealed class TcpBackpressureTests
{
    [Fact]
    public async Task AStoppedSinkBackpressuresAnUnboundedSourceAcrossTcpWithBoundedBuffers()
    {
        await using var cluster = new MC(TcpExchange.Configuration());
        var env = TcpExchange.Environment(cluster, 2);
        var sink = new GatedSink<long>();
        env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue), "Unbounded").Rebalance().SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("backpressure over tcp")));

        // Both sources write to a consumer on each TaskManager, one of them over TCP; both stop once it is full.
        Assert.True(SpinWait.SpinUntil(() => Sources(job).All(m => m.BackPressuredTimeMs >= 200), Env.Timeout), "the sources never blocked");
        var emitted = Sources(job).Sum(m => m.NumRecordsOut);
        var network = cluster.TaskExecutors.Select(t => t.ShuffleEnvironment!).ToList();
        var configuration = NettyShuffleEnvironmentConfiguration.From(cluster.Configuration);
        // Per TaskManager: one subpartition served (at most max-buffers-per-channel + the one being written), one remote
        // channel read (its exclusive buffers and the gate's floating ones), and an event buffer or two.
        var bound = configuration.MaxBuffersPerChannel + 1 + configuration.BuffersPerChannel + configuration.FloatingBuffersPerGate + 2;
        Assert.All(network, n => Assert.InRange(n.BufferPool.AllocatedBuffers, 1, bound));
        // What the rings and the network buffers hold, a few hundred thousand records at most; unblocked it is millions a second.
        Assert.InRange(emitted, 1, 500_000);
        Assert.Equal(0, sink.Written);

        sink.Gate.Set();
        Assert.True(SpinWait.SpinUntil(() => Sources(job).Sum(m => m.NumRecordsOut) > emitted + 100_000, Env.Timeout), "the sources resumed");
        job.Cancel();
        var result = await job.ResultTask.WaitAsync(Env.Timeout);
        Assert.Equal(JobStatus.CANCELED, result.Status);
        await TcpExchange.AllChannelsReleased(cluster);
    }

    private static IEnumerable<Metrics.TaskMetricsSnapshot> Sources(JobMaster.JobMaster job) =>
        job.Snapshot().Vertices[0].Subtasks.Select(s => s.CurrentExecution.Metrics);
}

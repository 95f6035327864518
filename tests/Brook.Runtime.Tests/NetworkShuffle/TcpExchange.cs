using Brook.Core.Configuration;
using Brook.Streaming;
using Brook.TestSupport;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.NetworkShuffle;

/// <summary>An in-process cluster whose TaskManagers exchange over TCP on 127.0.0.1 (minicluster.network.tcp-exchange).</summary>
internal static class TcpExchange
{
    public static Configuration Configuration(int taskManagers = 2, int slotsPerTaskManager = 1) => new Configuration()
        .Set(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange, true)
        .Set(CoreOptions.LocalNumberOfTaskManagers, taskManagers)
        .Set(CoreOptions.NumberOfTaskSlots, slotsPerTaskManager);

    public static StreamExecutionEnvironment Environment(MC cluster, int parallelism) =>
        StreamExecutionEnvironment.Create(new ClusterExecutor(cluster), cluster.Configuration).SetParallelism(parallelism);

    /// <summary>Subpartitions still registered for remote consumers, over all TaskManagers.</summary>
    public static int RegisteredSubpartitions(MC cluster) => cluster.TaskExecutors.Sum(t => t.ShuffleEnvironment!.RegisteredSubpartitions);

    /// <summary>Waits until no TaskManager holds a subpartition for a remote consumer or an in-memory channel any more: nothing leaked.</summary>
    public static Task AllChannelsReleased(MC cluster)
    {
        var released = new ProgressSignal();
        foreach (var t in cluster.TaskExecutors)
        {
            t.ShuffleEnvironment!.SubpartitionReleased += released.Pulse;
            // A task's channels are released as it ends, before its TaskExecutor reports the change.
            t.TasksChanged += released.Pulse;
        }
        return released.UntilAsync(() => RegisteredSubpartitions(cluster) == 0 && cluster.TaskExecutors.All(t => t.ShuffleEnvironment!.LocalChannels.Count == 0),
            "every channel of the job was released", Env.Timeout);
    }
}

using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.Batch;

/// <summary>DataStream.Cache(): the first job keeps its result on the TaskManagers, later jobs of the environment read it instead of recomputing.</summary>
public sealed class CacheTests
{
    private static readonly long[] Expected = Enumerable.Range(1, 4000).Select(i => i * 2L).ToArray();

    private static StreamExecutionEnvironment BatchEnv(MC cluster, int parallelism) =>
        StreamExecutionEnvironment.Create(new MiniClusterExecutor(cluster)).SetParallelism(parallelism).SetRuntimeMode(RuntimeExecutionMode.BATCH);

    private sealed class Counter
    {
        public long Value;
    }

    private static Streaming.Cache.CachedDataStream<long> Expensive(StreamExecutionEnvironment env, Counter upstreamCalls) =>
        env.FromSequence(1, 4000).Map(x =>
        {
            Interlocked.Increment(ref upstreamCalls.Value);
            return x * 2;
        }).Cache();

    private static long ClusterBytes(MC cluster) => cluster.TaskExecutors.Sum(te => te.ClusterPartitionBytes);

    [Fact]
    public async Task ALaterJobReadsTheCachedResultWithoutRunningItsUpstreamAndInvalidationFreesIt()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        var env = BatchEnv(cluster, 2);
        var calls = new Counter();
        var cached = Expensive(env, calls);

        var first = new CollectSink<long>();
        cached.SinkTo(first);
        await env.ExecuteAsync("produces the cache").WaitAsync(Env.Timeout);
        Assert.Equal(Expected, first.Values.Order());
        Assert.Equal(4000, Interlocked.Read(ref calls.Value));
        var dataSet = Assert.Single(cluster.ResourceManager.ListDataSets());
        Assert.Equal(cached.DatasetId, dataSet.Key);
        Assert.True(dataSet.Value.IsComplete);
        Assert.Equal(2, dataSet.Value.NumTotalPartitions);
        Assert.True(ClusterBytes(cluster) >= 4000 * 8, $"the cached result holds {ClusterBytes(cluster)} bytes");

        var second = new CollectSink<long>();
        cached.Map(x => x + 1).SinkTo(second);
        await env.ExecuteAsync("reads the cache").WaitAsync(Env.Timeout);
        Assert.Equal(Expected.Select(x => x + 1), second.Values.Order());
        Assert.Equal(4000, Interlocked.Read(ref calls.Value));
        var readJob = cluster.Jobs.Single(j => j.JobName == "reads the cache");
        Assert.Contains(readJob.JobGraph.Vertices, v => v.Name.StartsWith("Source: CacheRead", StringComparison.Ordinal));

        await cached.InvalidateCacheAsync().WaitAsync(Env.Timeout);
        Assert.Empty(cluster.ResourceManager.ListDataSets());
        Assert.Equal(0, ClusterBytes(cluster));
        Assert.All(cluster.TaskExecutors, te => Assert.Equal(0, te.StoredPartitions));

        var third = new CollectSink<long>();
        cached.SinkTo(third);
        await env.ExecuteAsync("recomputes the cache").WaitAsync(Env.Timeout);
        Assert.Equal(Expected, third.Values.Order());
        Assert.Equal(8000, Interlocked.Read(ref calls.Value));
        Assert.True(Assert.Single(cluster.ResourceManager.ListDataSets()).Value.IsComplete);
    }

    [Fact]
    public async Task TheEmbeddedClusterOfDotnetRunKeepsACachedResultForTheNextJobs()
    {
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(new Configuration())).SetParallelism(2).SetRuntimeMode(RuntimeExecutionMode.BATCH);
        var calls = new Counter();
        var cached = Expensive(env, calls);
        cached.SinkTo(new CollectSink<long>());
        await env.ExecuteAsync("caches on the embedded cluster").WaitAsync(Env.Timeout);

        // A wider job on the kept cluster: it grows by a TaskManager and still reads the cache.
        env.SetParallelism(4);
        var wide = new CollectSink<long>();
        cached.Rebalance().Map(x => x - 1).SinkTo(wide);
        await env.ExecuteAsync("reads it with more subtasks").WaitAsync(Env.Timeout);
        Assert.Equal(Expected.Select(x => x - 1), wide.Values.Order());
        Assert.Equal(4000, Interlocked.Read(ref calls.Value));

        await cached.InvalidateCacheAsync().WaitAsync(Env.Timeout);
        var again = new CollectSink<long>();
        cached.SinkTo(again);
        await env.ExecuteAsync("recomputes it").WaitAsync(Env.Timeout);
        Assert.Equal(Expected, again.Values.Order());
        Assert.Equal(8000, Interlocked.Read(ref calls.Value));
    }

    [Fact]
    public async Task ACachedResultLostWithATaskManagerIsRecomputed()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2).Set(CoreOptions.LocalNumberOfTaskManagers, 2));
        var env = BatchEnv(cluster, 4);
        var calls = new Counter();
        var cached = Expensive(env, calls);
        cached.SinkTo(new CollectSink<long>());
        await env.ExecuteAsync("produces the cache").WaitAsync(Env.Timeout);
        Assert.Equal(4000, Interlocked.Read(ref calls.Value));
        Assert.All(cluster.TaskExecutors, te => Assert.True(te.ClusterPartitionBytes > 0));

        await cluster.TaskExecutors[1].DisposeAsync();
        // As Flink, the partitions left on the other TaskManager are released too: the data set can no longer be read whole.
        Assert.Empty(cluster.ResourceManager.ListDataSets());
        Assert.Equal(0, cluster.TaskExecutors[0].ClusterPartitionBytes);

        env.SetParallelism(2);
        var again = new CollectSink<long>();
        cached.SinkTo(again);
        await env.ExecuteAsync("recomputes the lost cache").WaitAsync(Env.Timeout);
        Assert.Equal(Expected, again.Values.Order());
        Assert.Equal(8000, Interlocked.Read(ref calls.Value));
    }

    [Fact]
    public async Task AResultCachedInBatchIsReadByAStreamingJobAndASideOutputCanBeCached()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        var env = BatchEnv(cluster, 2);
        var calls = new Counter();
        var odd = new Streaming.Operators.OutputTag<long>("odd");
        var split = env.FromSequence(1, 1000).Process(new SplitOdd(odd, calls));
        var cachedOdd = split.GetSideOutput(odd).Cache();
        cachedOdd.SinkTo(new CollectSink<long>());
        await env.ExecuteAsync("caches a side output").WaitAsync(Env.Timeout);
        Assert.Equal(1000, Interlocked.Read(ref calls.Value));

        // As Flink's testBatchProduceCacheStreamConsume: a streaming job reads what a batch job cached.
        env.SetRuntimeMode(RuntimeExecutionMode.STREAMING);
        var read = new CollectSink<long>();
        cachedOdd.Map(x => x * 10).SinkTo(read);
        await env.ExecuteAsync("streams the cached side output").WaitAsync(Env.Timeout);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (2L * i + 1) * 10), read.Values.Order());
        Assert.Equal(1000, Interlocked.Read(ref calls.Value));
    }

    private sealed class SplitOdd(Streaming.Operators.OutputTag<long> odd, Counter calls) : Streaming.Functions.ProcessFunction<long, long>
    {
        public override void ProcessElement(long value, Context context, Streaming.Functions.ICollector<long> output)
        {
            Interlocked.Increment(ref calls.Value);
            if (value % 2 == 1) context.Output(odd, value);
            else output.Collect(value);
        }
    }

    [Fact]
    public void AStreamingJobIgnoresTheCacheAsFlinkDoes()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.FromSequence(1, 10).Map(x => x).Cache().SinkTo(new CollectSink<long>());
        var graph = env.GetStreamGraph();
        Assert.DoesNotContain(graph.Nodes, n => n.OperatorName == "CacheWrite");

        var batch = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetRuntimeMode(RuntimeExecutionMode.BATCH);
        var cached = batch.FromSequence(1, 10).Map(x => x).Cache();
        cached.SinkTo(new CollectSink<long>());
        var jobGraph = JobGraph.JobGraph.FromStreamGraph(batch.GetStreamGraph());
        var persistent = Assert.Single(jobGraph.Edges, e => e.PartitionType == Partitions.ResultPartitionType.BLOCKING_PERSISTENT);
        Assert.Equal(cached.DatasetId, persistent.ResultId);
        Assert.Equal("CacheWrite", persistent.Target.Name);
    }

    [Fact]
    public void OnlyAPhysicalStreamCanBeCached()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor());
        var e = Assert.Throws<InvalidOperationException>(() => env.FromSequence(1, 10).Rebalance().Cache());
        Assert.Equal("Cache can only be called with physical transformation or side output transformation", e.Message);
    }
}

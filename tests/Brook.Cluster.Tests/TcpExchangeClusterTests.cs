using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Tests;

/// <summary>`brook cluster` with minicluster.network.tcp-exchange: two TaskManagers of one slot, each with its own data port on 127.0.0.1.</summary>
public sealed class TcpExchangeClusterFixture : LocalClusterFixture
{
    public override int SlotsPerTaskManager => 1;

    protected override void Configure(Configuration config) => config.Set(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange, true);
}

public sealed class TcpExchangeClusterTests(TcpExchangeClusterFixture fixture) : IClassFixture<TcpExchangeClusterFixture>
{
    [Fact]
    public async Task Each_taskmanager_shows_its_own_data_port_and_a_job_over_both_reads_and_writes_bytes_over_tcp()
    {
        var listed = System.Text.Json.Nodes.JsonNode.Parse(await fixture.SendAndValidateAsync(HttpMethod.Get, "/taskmanagers", "/taskmanagers",
            System.Net.HttpStatusCode.OK))!["taskmanagers"]!.AsArray();
        var ports = fixture.Cluster.TaskExecutors.ToDictionary(t => t.Id.Hex, t => t.ShuffleEnvironment!.DataAddress.Port);
        Assert.Equal(2, ports.Values.Distinct().Count());
        Assert.All(listed, tm => Assert.Equal(ports[(string)tm!["id"]!], (int)tm["dataPort"]!));

        var output = new ConcurrentQueue<(long Key, long Sum)>();
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2);
        env.FromSequence(1, 20_000).KeyBy(i => i % 10).Sum(i => i).SinkTo(new ActionSink<(long, long)>(output.Enqueue));
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph("keyed sum over tcp"));
        fixture.Cluster.Dispatcher.SubmitJob(graph);
        var result = await fixture.Cluster.Dispatcher.RequestJobResult(graph.JobId)!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Core.States.JobStatus.FINISHED, result.Status);

        var sums = output.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum));
        Assert.Equal(Enumerable.Range(1, 20_000).GroupBy(i => (long)(i % 10)).ToDictionary(g => g.Key, g => g.Sum(i => (long)i)).OrderBy(kv => kv.Key), sums.OrderBy(kv => kv.Key));
        var job = System.Text.Json.Nodes.JsonNode.Parse(await fixture.SendAndValidateAsync(HttpMethod.Get, $"/jobs/{graph.JobId}", "/jobs/:jobid",
            System.Net.HttpStatusCode.OK))!;
        var vertices = job["vertices"]!.AsArray();
        Assert.True((long)vertices[0]!["metrics"]!["write-bytes"]! > 0, "the source wrote nothing over TCP");
        Assert.Equal((long)vertices[0]!["metrics"]!["write-bytes"]!, (long)vertices[1]!["metrics"]!["read-bytes"]!);
    }
}

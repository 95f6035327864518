using System.Net;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Tasks;
using Brook.Streaming;
using Brook.Streaming.Execution;

namespace Brook.Runtime.Tests.NetworkShuffle;

/// <summary>What channels a task gets from its shuffle descriptor: the same ring for a partner on its own TaskManager, TCP for the others.</summary>
public sealed class NetworkTaskShuffleTests
{
    [Fact]
    public void ProducerAndConsumerOnOneTaskManagerShareOneRingAndTalkToTheOtherTaskManagerOverTcp()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2);
        env.FromSequence(1, 10).Rebalance().SinkTo(new CollectSink<long>());
        var edge = Assert.Single(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("edge")).Edges);
        using var a = NettyShuffleEnvironment.Create(new Configuration(), IPAddress.Loopback, dataPort: 0);
        using var b = NettyShuffleEnvironment.Create(new Configuration(), IPAddress.Loopback, dataPort: 0);
        var (tmA, tmB) = (ResourceId.Generate(), ResourceId.Generate());
        var (producer0, producer1) = (ExecutionAttemptId.Generate(), ExecutionAttemptId.Generate());
        // Subtask i of every vertex on TaskManager i.
        var producerDescriptor = new ShuffleDeploymentDescriptor(producer0, [new ResultPartitionDeploymentDescriptor(edge.ResultId, [tmA, tmB])], []);
        var locations = new List<PartitionLocation>
        {
            new(tmA, "127.0.0.1", a.DataAddress.Port, producer0),
            new(tmB, "127.0.0.1", b.DataAddress.Port, producer1),
        };
        var consumerDescriptor = new ShuffleDeploymentDescriptor(ExecutionAttemptId.Generate(), [], [new InputGateDeploymentDescriptor(edge.ResultId, locations)]);

        var producer = new NetworkTaskShuffle(producerDescriptor, a, tmA);
        var consumer = new NetworkTaskShuffle(consumerDescriptor, a, tmA);
        var written = producer.ProducerChannels<long>(edge, 0);
        var read = consumer.ConsumerChannels<long>(edge, 0);

        Assert.IsType<LocalInputChannel<long>>(written[0]);
        Assert.Same(written[0], read[0]);
        Assert.IsType<PipelinedSubpartition<long>>(written[1]);
        var remote = Assert.IsType<RemoteInputChannel<long>>(read[1]);
        Assert.Equal(new ResultPartitionId(edge.ResultId, 1, producer1), remote.PartitionId);
        Assert.Equal(b.DataAddress.Port, remote.ProducerAddress.Port);
        Assert.Equal(1, a.RegisteredSubpartitions);
        Assert.Equal(1, a.LocalChannels.Count);

        // A producer that failed releases what it produced at once; the consumer forgets its ring.
        producer.OnTaskEnded(Core.States.ExecutionState.FAILED);
        consumer.OnTaskEnded(Core.States.ExecutionState.CANCELED);
        Assert.Equal(0, a.RegisteredSubpartitions);
        Assert.Equal(0, a.LocalChannels.Count);
    }
}

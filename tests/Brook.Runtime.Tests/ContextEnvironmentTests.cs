using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;
using Brook.Streaming.Sinks;

namespace Brook.Runtime.Tests;

public sealed class ContextEnvironmentTests
{
    [Fact]
    public async Task PlanModeCapturesTheGraphAndStopsTheProgram()
    {
        var capture = new PlanCapturingExecutor();
        var reachedEnd = false;
        using (StreamContextEnvironment.Install(new StreamContext(capture, new Configuration().Set(CoreOptions.ParallelismDefault, 3))))
        {
            await Assert.ThrowsAsync<ProgramAbortException>(async () =>
            {
                // What a job's Main does.
                var env = StreamExecutionEnvironment.GetExecutionEnvironment();
                env.FromSequence(1, 10).Map(i => i * 2).Print();
                await env.ExecuteAsync("captured job");
                reachedEnd = true;
            });
        }

        Assert.False(reachedEnd);
        var graph = capture.CapturedGraph!;
        Assert.Equal("captured job", graph.JobName);
        Assert.All(graph.Nodes, n => Assert.Equal(3, n.Parallelism));
        Assert.Null(StreamContextEnvironment.Current);
    }

    [Fact]
    public async Task RunModeSubmitsAndReturnsAtOnceWithADetachedResult()
    {
        var submit = new RecordingExecutor();
        using (StreamContextEnvironment.Install(new StreamContext(submit, Detached: true)))
        {
            var env = StreamExecutionEnvironment.GetExecutionEnvironment();
            env.FromGenerator(i => i).Print();
            var result = await env.ExecuteAsync("submitted").WaitAsync(Env.Timeout);

            Assert.True(result.IsDetached);
            Assert.Equal(submit.Client.JobId, result.JobId);
            Assert.Throws<InvalidOperationException>(() => result.NetRuntime);
        }
        Assert.Equal("submitted", Assert.Single(submit.Graphs).JobName);
    }

    [Fact]
    public async Task TheContextFlowsIntoTasksAndStaysLocalToItsFlow()
    {
        var inside = new PlanCapturingExecutor();
        StreamContext? seenElsewhere = null;
        var other = Task.Run(() => seenElsewhere = StreamContextEnvironment.Current);
        using (StreamContextEnvironment.Install(new StreamContext(inside)))
        {
            var fromTask = await Task.Run(() => StreamContextEnvironment.Current);
            Assert.Same(inside, fromTask!.Executor);
        }
        await other;
        Assert.Null(seenElsewhere);
    }

    [Fact]
    public async Task WithoutAContextTheEmbeddedClusterIsFoundAndRunsTheJob()
    {
        var env = StreamExecutionEnvironment.GetExecutionEnvironment().SetParallelism(2);
        var sink = new CollectSink<long>();
        env.FromSequence(1, 100).Map(i => i + 1).SinkTo(sink);

        var result = await env.ExecuteAsync("embedded").WaitAsync(Env.Timeout);

        Assert.False(result.IsDetached);
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), sink.Values.Order());
    }

    private sealed class RecordingExecutor : IPipelineExecutor
    {
        public List<StreamGraph> Graphs { get; } = [];

        public FixedClient Client { get; } = new();

        public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
        {
            Graphs.Add(streamGraph);
            return Task.FromResult<IJobClient>(Client);
        }
    }

    private sealed class FixedClient : IJobClient
    {
        public JobId JobId { get; } = JobId.Generate();

        public Task<JobStatus> GetJobStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(JobStatus.RUNNING);

        public Task CancelAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<JobExecutionResult> GetJobExecutionResultAsync(CancellationToken cancellationToken = default) =>
            Task.FromException<JobExecutionResult>(new InvalidOperationException("A detached run must not wait for the result."));
    }
}

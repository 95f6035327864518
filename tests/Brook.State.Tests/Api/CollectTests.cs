using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.MiniCluster;
using Brook.State.Tests.EndToEnd;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.State.Tests.Api;

/// <summary>ExecuteAndCollectAsync: the program reads exactly the job's output, and the job ends with the reading.</summary>
public sealed class CollectTests
{
    /// <summary>The embedded executor, remembering the client of the job it ran (to see how the job ended).</summary>
    private sealed class RecordingExecutor(Configuration configuration) : IPipelineExecutor
    {
        private readonly EmbeddedExecutor _inner = new(configuration);

        public IJobClient? Client { get; private set; }

        public int Submissions { get; private set; }

        public async Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
        {
            Submissions++;
            Client = await _inner.ExecuteAsync(streamGraph, cancellationToken);
            return Client;
        }
    }

    private static (StreamExecutionEnvironment Env, RecordingExecutor Executor) Environment(int parallelism)
    {
        var conf = new Configuration();
        var executor = new RecordingExecutor(conf);
        return (StreamExecutionEnvironment.Create(executor, conf).SetParallelism(parallelism), executor);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_bounded_job_returns_exactly_its_output(int parallelism)
    {
        var (env, executor) = Environment(parallelism);
        var stream = env.FromSequence(1, 20_000).Filter(x => x % 3 != 0).Map(x => x * 2);

        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var results = new List<long>();
        await foreach (var x in stream.ExecuteAndCollectAsync("collect").WithCancellation(timeout.Token)) results.Add(x);

        var expected = Enumerable.Range(1, 20_000).Select(i => (long)i).Where(x => x % 3 != 0).Select(x => x * 2);
        Assert.Equal(expected, results.Order());
        Assert.Equal(JobStatus.FINISHED, await executor.Client!.GetJobStatusAsync());
    }

    [Fact]
    public async Task A_limit_on_an_unbounded_source_takes_that_many_records_and_cancels_the_job()
    {
        var (env, executor) = Environment(2);
        var stream = env.FromGenerator(i => i).Map(i => i + 1);

        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var results = await stream.ExecuteAndCollectAsync(500, "sample", timeout.Token);

        Assert.Equal(500, results.Count);
        Assert.Equal(500, results.Distinct().Count());
        Assert.All(results, x => Assert.True(x >= 1));
        Assert.Equal(JobStatus.CANCELED, await executor.Client!.GetJobStatusAsync());
    }

    [Fact]
    public async Task A_limit_above_a_bounded_output_returns_the_whole_output()
    {
        var (env, _) = Environment(2);
        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var results = await env.FromElements("a", "b", "c").ExecuteAndCollectAsync(10, "small", timeout.Token);
        Assert.Equal(["a", "b", "c"], results.Order());
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_cancels_the_job()
    {
        var (env, executor) = Environment(2);
        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var seen = 0;
        await foreach (var _ in env.FromGenerator(i => i).ExecuteAndCollectAsync("stop early").WithCancellation(timeout.Token))
        {
            if (++seen == 10) break;
        }
        // The enumerator's disposal waits for the job to end.
        Assert.Equal(JobStatus.CANCELED, await executor.Client!.GetJobStatusAsync());
    }

    [Fact]
    public async Task A_failing_job_throws_its_failure()
    {
        var (env, _) = Environment(2);
        var stream = env.FromSequence(1, 1_000).Map(x => x == 700 ? throw new InvalidOperationException("record 700 is bad") : x);

        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var error = await Assert.ThrowsAsync<JobExecutionException>(async () =>
        {
            await foreach (var _ in stream.ExecuteAndCollectAsync("failing").WithCancellation(timeout.Token))
            {
            }
        });
        Assert.Equal(JobStatus.FAILED, error.Status);
        Assert.Contains("record 700 is bad", error.InnerException!.ToString());
    }

    [Fact]
    public async Task A_detached_program_gets_a_clear_error_and_submits_nothing()
    {
        var executor = new RecordingExecutor(new Configuration());
        using (StreamContextEnvironment.Install(new StreamContext(executor, Detached: true)))
        {
            var env = StreamExecutionEnvironment.GetExecutionEnvironment();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.FromElements(1, 2, 3).ExecuteAndCollectAsync(3));
            Assert.Contains("detached", error.Message);
        }
        Assert.Equal(0, executor.Submissions);
    }

    [Fact]
    public async Task The_results_can_be_enumerated_once()
    {
        var (env, _) = Environment(1);
        var collected = env.FromElements(1, 2).ExecuteAndCollectAsync("once");
        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        Assert.Equal([1, 2], await collected.ToListAsync(timeout.Token));
        Assert.Throws<InvalidOperationException>(() => collected.GetAsyncEnumerator());
    }
}

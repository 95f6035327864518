using System.Text.Json;
using Brook.Nexmark.Runner;

namespace Brook.Nexmark.Tests;

/// <summary>The runner on a tiny stream: it runs the queries with checkpoints and reports what it measured.</summary>
public sealed class RunnerTests
{
    [Fact]
    public async Task The_runner_runs_each_query_and_reports_throughput_cores_and_rows()
    {
        var options = RunnerOptions.Parse(["--queries", "q0,q2", "--events", "20000", "--warmup", "2000", "--parallelism", "2", "--checkpoint-interval-ms", "100"]);
        var log = new StringWriter();
        var results = await NexmarkRunner.RunAsync(options, log);

        Assert.Equal(["q0", "q2"], results.Select(r => r.Query));
        var bids = NexmarkTestStream.AllEvents(new Generator.GeneratorConfig { MaxEvents = 20_000, NumEventGenerators = 2 })
            .Where(e => e.Bid is not null).Select(e => e.Bid!).ToList();
        Assert.Equal(bids.Count, results[0].OutputRows);
        Assert.Equal(bids.Count(b => b.Auction % 123 == 0), results[1].OutputRows);
        Assert.All(results, r =>
        {
            Assert.Equal(20_000, r.Events);
            Assert.True(r.EventsPerSecond > 0 && r.Cores > 0 && r.EventsPerSecondPerCore > 0);
        });
        Assert.Equal(379_000, results[0].FlinkEventsPerSecondPerCore);
        Assert.Contains("q2:", log.ToString());
        Assert.Contains("| q0 |", NexmarkRunner.Table(results));
        using var json = JsonDocument.Parse(NexmarkRunner.ToJson(results));
        Assert.Equal("q2", json.RootElement[1].GetProperty("query").GetString());
        Assert.Equal(results[1].OutputRows, json.RootElement[1].GetProperty("outputRows").GetInt64());
    }

    [Fact]
    public void Unknown_queries_and_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RunnerOptions.Parse(["--queries", "q99"]));
        Assert.Throws<ArgumentException>(() => RunnerOptions.Parse(["--frobnicate"]));
        Assert.Throws<ArgumentException>(() => RunnerOptions.Parse(["--events", "0"]));
    }
}

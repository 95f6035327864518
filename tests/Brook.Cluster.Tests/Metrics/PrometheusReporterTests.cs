using Brook.Cluster.Metrics;
using Brook.Streaming;
using Brook.Streaming.Sinks;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>Scrapes the PrometheusReporter as Prometheus would and reads the exposition strictly.</summary>
public sealed class PrometheusReporterTests(MetricsClusterFixture fixture) : IClassFixture<MetricsClusterFixture>
{
    [Fact]
    public async Task A_scrape_parses_and_carries_the_task_metrics_with_flinks_names_and_labels()
    {
        long records = 0;
        var jobId = fixture.Submit("scraped job", 2, env => env.FromGenerator(i => i).Rebalance().Map(x => x + 1).SinkTo(new ActionSink<long>(_ =>
        {
            if (Interlocked.Increment(ref records) % 1000 == 0) fixture.Progress.Pulse();
        })));
        try
        {
            await fixture.Progress.UntilAsync(() => Volatile.Read(ref records) > 5000, "records flow", TimeSpan.FromSeconds(30));
            var reporter = Assert.IsType<PrometheusReporter>(Assert.Single(fixture.Cluster.Reporters));
            using var http = new HttpClient();
            var text = await http.GetStringAsync($"http://localhost:{reporter.Port}/metrics");
            var (samples, types) = PrometheusTextParser.Parse(text);

            var sinkIn = samples.Where(s => s.Name == "flink_taskmanager_job_task_numRecordsIn" && s.Labels["job_id"] == jobId.Hex
                                            && s.Labels["task_name"].StartsWith("Map", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, sinkIn.Count);
            Assert.Equal(["0", "1"], sinkIn.Select(s => s.Labels["subtask_index"]).Order());
            Assert.All(sinkIn, s =>
            {
                Assert.Equal("scraped_job", s.Labels["job_name"]);
                Assert.Equal("0", s.Labels["task_attempt_num"]);
                Assert.Contains(s.Labels["tm_id"], fixture.Cluster.TaskExecutors.Select(t => t.Id.Hex));
                Assert.Equal("localhost", s.Labels["host"]);
                Assert.True(s.Value > 0);
            });
            Assert.Equal("gauge", types["flink_taskmanager_job_task_numRecordsIn"]);
            Assert.Contains(samples, s => s.Name == "flink_taskmanager_job_task_operator_numRecordsOut" && s.Labels["operator_name"] == "Map"
                                          && s.Labels["job_id"] == jobId.Hex);
            Assert.Contains(samples, s => s.Name == "flink_jobmanager_Status_JVM_Memory_Heap_Used" && s.Value > 0);
            Assert.Contains(samples, s => s.Name == "flink_jobmanager_job_numRestarts" && s.Labels["job_id"] == jobId.Hex);
        }
        finally
        {
            fixture.Cluster.Dispatcher.CancelJob(jobId);
        }
    }

    [Theory]
    [InlineData("9249", new[] { 9249 })]
    [InlineData("9249-9251", new[] { 9249, 9250, 9251 })]
    public void Port_ranges_list_the_ports_in_order(string value, int[] ports) =>
        Assert.Equal(ports, MetricReporterConfiguration.ParsePorts(value));
}

/// <summary>Flink's Prometheus naming rules as pure functions.</summary>
public sealed class PrometheusNamingTests
{
    [Fact]
    public void Invalid_characters_become_underscores_and_the_logical_scope_joins_with_underscores()
    {
        Assert.Equal("Source:_Sequence____Map", PrometheusReporter.ReplaceInvalidChars("Source: Sequence -> Map"));
        using var registry = new Brook.Runtime.Metrics.MetricRegistry(Brook.Runtime.Metrics.ScopeFormats.Default, TimeProvider.System);
        var task = registry.CreateTaskGroup(registry.CreateTaskManagerJobGroup(registry.CreateTaskManagerGroup("tm"), "j", "job"), "v", "a", "t", 0, 0);
        var user = (Brook.Runtime.Metrics.MetricGroup)registry.CreateOperatorGroup(task, "o", "Map").AddGroup("my-group");
        Assert.Equal("flink_taskmanager_job_task_operator_my_group_records_seen", PrometheusReporter.ScopedName(user, "records.seen"));
    }
}

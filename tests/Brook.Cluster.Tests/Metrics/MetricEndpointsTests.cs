using System.Net;
using System.Text.Json.Nodes;
using Brook.Streaming;
using Brook.Streaming.Sinks;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>The metric and back-pressure endpoints on running jobs, read the way Flink's dashboard reads them.</summary>
public sealed class MetricEndpointsTests(MetricsClusterFixture fixture) : IClassFixture<MetricsClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private async Task<JsonArray> Array(string url, string template) => (await fixture.GetAsync(url, template)).AsArray();

    private async Task<string> Status(Brook.Core.Ids.JobId id) => (string)(await fixture.GetAsync($"/jobs/{id}", "/jobs/:jobid"))["state"]!;

    [Fact]
    public async Task Records_in_of_the_sink_equal_records_out_of_the_source_and_the_vertex_lists_flinks_names()
    {
        const int n = 20_000;
        var jobId = fixture.Submit("counted", 2, env => env.FromSequence(1, n).Rebalance().Map(x => x * 2).SinkTo(new ActionSink<long>(_ => { })));
        await fixture.Progress.UntilAsync(async () => await Status(jobId) == "FINISHED", "the job finishes", Timeout);
        var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        var source = (string)job["vertices"]![0]!["id"]!;
        var sink = (string)job["vertices"]![1]!["id"]!;

        var sent = await Array($"/jobs/{jobId}/vertices/{source}/subtasks/metrics?get=numRecordsOut&agg=sum,max", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics");
        var received = await Array($"/jobs/{jobId}/vertices/{sink}/subtasks/metrics?get=numRecordsIn&agg=sum", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics");
        Assert.Equal(n, (double)sent.Single()!["sum"]!);
        Assert.Equal(n, (double)received.Single()!["sum"]!);
        Assert.Null(received.Single()!["min"]);
        // A source task's records in are the records its source emitted, in the metric store and in the job view alike.
        var read = await Array($"/jobs/{jobId}/vertices/{source}/subtasks/metrics?get=numRecordsIn&agg=sum", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics");
        Assert.Equal(n, (double)read.Single()!["sum"]!);
        Assert.Equal(n, (long)job["vertices"]![0]!["metrics"]!["read-records"]!);
        Assert.Equal(n, (long)job["vertices"]![1]!["metrics"]!["read-records"]!);

        var ids = (await Array($"/jobs/{jobId}/vertices/{sink}/metrics", "/jobs/:jobid/vertices/:vertexid/metrics")).Select(m => (string)m!["id"]!).ToList();
        Assert.Contains("0.numRecordsIn", ids);
        Assert.Contains("1.busyTimeMsPerSecond", ids);
        Assert.Contains("0.Map.numRecordsIn", ids);
        Assert.Contains("0.buffers.inPoolUsage", ids);
        var values = await Array($"/jobs/{jobId}/vertices/{sink}/subtasks/1/metrics?get=numRecordsIn,Map.numRecordsOut,nope",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics");
        Assert.Equal(["numRecordsIn", "Map.numRecordsOut"], values.Select(v => (string)v!["id"]!));
        Assert.Equal((string)values[0]!["value"]!, (string)values[1]!["value"]!);
        var one = await Array($"/jobs/{jobId}/vertices/{sink}/subtasks/metrics?get=numRecordsIn&subtasks=1", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics");
        Assert.Equal(double.Parse((string)values[0]!["value"]!, System.Globalization.CultureInfo.InvariantCulture), (double)one.Single()!["sum"]!);

        var jobMetrics = (await Array($"/jobs/{jobId}/metrics", "/jobs/:jobid/metrics")).Select(m => (string)m!["id"]!).ToList();
        Assert.Contains("numRestarts", jobMetrics);
        Assert.Contains("uptime", jobMetrics);
        var jm = (await Array("/jobmanager/metrics?get=Status.JVM.Memory.Heap.Used", "/jobmanager/metrics")).Single()!;
        Assert.True(long.Parse((string)jm["value"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var tm = fixture.Cluster.TaskExecutors[0].Id.Hex;
        Assert.Contains("Status.CLR.ThreadPool.Threads",
            (await Array($"/taskmanagers/{tm}/metrics", "/taskmanagers/:taskmanagerid/metrics")).Select(m => (string)m!["id"]!));
        var details = await fixture.GetAsync($"/taskmanagers/{tm}", "/taskmanagers/:taskmanagerid");
        Assert.Equal("DotNet_GC", (string?)details["metrics"]!["garbageCollectors"]![0]!["name"]);
        Assert.True((long)details["metrics"]!["heapCommitted"]! > 0);
        var tms = await Array("/taskmanagers/metrics?get=Status.JVM.Threads.Count&agg=min", "/taskmanagers/metrics");
        Assert.True((double)tms.Single()!["min"]! > 0);
    }

    [Fact]
    public async Task A_slow_sink_shows_its_upstream_back_pressured_high_and_itself_busy()
    {
        fixture.WatchViews();
        using var release = new ManualResetEventSlim(false);
        var jobId = fixture.Submit("slow sink", 1, env => env.FromGenerator(i => i).Rebalance().SinkTo(new ActionSink<long>(_ => release.Wait())));
        try
        {
            var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
            var source = (string)job["vertices"]![0]!["id"]!;
            JsonNode? pressure = null;
            await fixture.Progress.UntilAsync(async () =>
            {
                pressure = await fixture.GetAsync($"/jobs/{jobId}/vertices/{source}/backpressure", "/jobs/:jobid/vertices/:vertexid/backpressure");
                return (string?)pressure["backpressureLevel"] == "high";
            }, "the source is back-pressured", Timeout);
            Assert.Equal("ok", (string?)pressure!["status"]);
            var subtask = pressure["subtasks"]!.AsArray().Single()!;
            Assert.True((double)subtask["ratio"]! > 0.5);
            Assert.Equal("high", (string?)subtask["backpressure-level"]);
            var isBackPressured = await Array($"/jobs/{jobId}/vertices/{source}/subtasks/0/metrics?get=isBackPressured",
                "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics");
            Assert.Equal("true", (string?)isBackPressured.Single()!["value"]);
        }
        finally
        {
            release.Set();
            fixture.Cluster.Dispatcher.CancelJob(jobId);
        }
    }

    [Fact]
    public async Task An_idle_source_shows_idle_time_and_source_idle_time()
    {
        fixture.WatchViews();
        var jobId = fixture.Submit("idle", 1, env => env.FromGenerator(i => i, recordsPerSecond: 0.001).SinkTo(new ActionSink<long>(_ => { })));
        try
        {
            var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
            var source = (string)job["vertices"]![0]!["id"]!;
            await fixture.Progress.UntilAsync(async () =>
            {
                var m = await Array($"/jobs/{jobId}/vertices/{source}/subtasks/metrics?get=idleTimeMsPerSecond&agg=max", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics");
                return m.Count == 1 && (double)m[0]!["max"]! > 500;
            }, "the source is idle", Timeout);
            var ids = (await Array($"/jobs/{jobId}/vertices/{source}/subtasks/0/metrics", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics"))
                .Select(m => (string)m!["id"]!).ToList();
            Assert.Contains(ids, i => i.EndsWith(".sourceIdleTime", StringComparison.Ordinal));
            var pressure = await fixture.GetAsync($"/jobs/{jobId}/vertices/{source}/backpressure", "/jobs/:jobid/vertices/:vertexid/backpressure");
            Assert.Equal("ok", (string?)pressure["backpressureLevel"]);
            Assert.True((double)pressure["subtasks"]![0]!["idleRatio"]! > 0.5);
        }
        finally
        {
            fixture.Cluster.Dispatcher.CancelJob(jobId);
        }
    }

    [Fact]
    public async Task User_metrics_of_a_function_appear_under_its_operator_and_the_source_coordinator_under_jm_operator_metrics()
    {
        const int n = 1000;
        var jobId = fixture.Submit("user metrics", 1, env => env.FromSequence(1, n).Rebalance().Map(new MeasuringMap()).SinkTo(new ActionSink<long>(_ => { })));
        await fixture.Progress.UntilAsync(async () => await Status(jobId) == "FINISHED", "the job finishes", Timeout);
        var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        var source = (string)job["vertices"]![0]!["id"]!;
        var map = (string)job["vertices"]![1]!["id"]!;
        var values = (await Array($"/jobs/{jobId}/vertices/{map}/metrics?get=0.Map.orders.region.eu.seen,0.Map.orders.region.eu.last,0.Map.orders.region.eu.values_max,0.Map.orders.region.eu.values_min",
                "/jobs/:jobid/vertices/:vertexid/metrics"))
            .ToDictionary(m => (string)m!["id"]!, m => (string)m!["value"]!);
        Assert.Equal("1000", values["0.Map.orders.region.eu.seen"]);
        Assert.Equal("1000", values["0.Map.orders.region.eu.last"]);
        // The histogram keeps the last 100 values: 901..1000.
        Assert.Equal("1000", values["0.Map.orders.region.eu.values_max"]);
        Assert.Equal("901", values["0.Map.orders.region.eu.values_min"]);
        var ids = (await Array($"/jobs/{jobId}/vertices/{source}/jm-operator-metrics", "/jobs/:jobid/vertices/:vertexid/jm-operator-metrics")).Select(m => (string)m!["id"]!).ToList();
        Assert.Contains(ids, i => i.EndsWith(".numAssignedSplits", StringComparison.Ordinal));
        var readers = ids.Single(i => i.EndsWith(".numRegisteredReaders", StringComparison.Ordinal));
        var value = (await Array($"/jobs/{jobId}/vertices/{source}/jm-operator-metrics?get={Uri.EscapeDataString(readers)}",
            "/jobs/:jobid/vertices/:vertexid/jm-operator-metrics")).Single()!;
        Assert.Equal("1", (string?)value["value"]);
    }

    [Theory]
    [InlineData("/jobs/metrics?agg=median", "Cannot resolve query parameter (agg) from value \"median\".")]
    [InlineData("/jobs/metrics?jobs=xyz", "Cannot resolve query parameter (jobs) from value \"xyz\".")]
    [InlineData("/jobs/00000000000000000000000000000000/vertices/00000000000000000000000000000000/subtasks/metrics?subtasks=1-x",
        "Cannot resolve query parameter (subtasks) from value \"1-x\".")]
    public async Task Bad_parameters_get_flinks_400(string url, string message)
    {
        using var response = await fixture.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Unknown_jobs_and_vertices_answer_empty_lists_and_deprecated_back_pressure()
    {
        const string job = "0123456789abcdef0123456789abcdef";
        Assert.Empty(await Array($"/jobs/{job}/metrics", "/jobs/:jobid/metrics"));
        Assert.Empty(await Array($"/jobs/{job}/vertices/{job}/subtasks/metrics?get=numRecordsIn", "/jobs/:jobid/vertices/:vertexid/subtasks/metrics"));
        var pressure = await fixture.GetAsync($"/jobs/{job}/vertices/{job}/backpressure", "/jobs/:jobid/vertices/:vertexid/backpressure");
        Assert.Equal("""{"status":"deprecated"}""", pressure.ToJsonString());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.States;
using Brook.Streaming.Sinks;

namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>Thread dumps, flame graphs and TaskManager logs of running jobs, as the REST API serves them.</summary>
public sealed class DiagnosticsRestTests(DiagnosticsClusterFixture fixture) : IClassFixture<DiagnosticsClusterFixture>
{
    private async Task<JsonNode> ErrorAsync(string url, HttpStatusCode expected)
    {
        using var response = await fixture.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["errors"]![0]!;
    }

    private async Task<string> TextAsync(string url)
    {
        using var response = await fixture.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private async Task FinishAsync(Core.Ids.JobId job)
    {
        var result = await fixture.Cluster.Dispatcher.RequestJobResult(job)!.WaitAsync(DiagnosticsClusterFixture.Timeout);
        Assert.Equal(JobStatus.FINISHED, result.Status);
    }

    [Fact]
    public async Task Thread_dumps_show_the_task_thread_by_its_flink_name_waiting_in_the_user_function()
    {
        var gate = new Gate();
        var job = fixture.Submit("blocking job", 1, env => env.FromSequence(1, 3).Map(new BlockingMap(gate)).Name("Blocking map")
            .SinkTo(new ActionSink<long>(_ => { })));
        try
        {
            await gate.Entered.WaitAsync(DiagnosticsClusterFixture.Timeout);
            var (_, vertexName, tm) = await fixture.SingleTaskAsync(job);
            var threadName = $"{vertexName} (1/1)#0";

            var dump = await fixture.GetAsync($"/taskmanagers/{tm}/thread-dump", "/taskmanagers/:taskmanagerid/thread-dump");
            var task = dump["threadInfos"]!.AsArray().Single(t => (string?)t!["threadName"] == threadName)!;
            var text = (string)task["stringifiedThreadInfo"]!;
            Assert.StartsWith($"\"{threadName}\" Id=", text);
            Assert.Contains(" WAITING\n", text);
            Assert.Contains("\tat Brook.Cluster.Tests.Diagnostics.BlockingMap.WaitInUserCode(Brook.Cluster.Tests)\n", text);
            Assert.EndsWith("\n\n", text);

            var process = await fixture.GetAsync("/jobmanager/thread-dump", "/jobmanager/thread-dump");
            var threads = process["threadInfos"]!.AsArray();
            Assert.Contains(threads, t => (string?)t!["threadName"] == threadName);
            Assert.True(threads.Count > 2, "The JobManager's dump lists every managed thread of the process.");

            foreach (var other in fixture.Cluster.TaskExecutors.Where(t => t.Id.Hex != tm))
            {
                var otherDump = await fixture.GetAsync($"/taskmanagers/{other.Id}/thread-dump", "/taskmanagers/:taskmanagerid/thread-dump");
                Assert.DoesNotContain(otherDump["threadInfos"]!.AsArray(), t => (string?)t!["threadName"] == threadName);
            }
            var unknown = await ErrorAsync($"/taskmanagers/{new string('a', 32)}/thread-dump", HttpStatusCode.NotFound);
            Assert.Contains($"Could not find TaskExecutor {new string('a', 32)}", (string?)unknown);
        }
        finally
        {
            gate.Release();
        }
        await FinishAsync(job);
    }

    [Fact]
    public async Task The_flame_graph_of_a_spinning_job_contains_the_user_method_on_cpu_and_not_off_cpu()
    {
        var gate = new Gate();
        var job = fixture.Submit("spinning job", 1, env => env.FromSequence(1, 3).Map(new SpinningMap(gate)).Name("Spinning map")
            .SinkTo(new ActionSink<long>(_ => { })));
        const string method = "Brook.Cluster.Tests.Diagnostics.SpinningMap.SpinInUserCode";
        string url;
        try
        {
            await gate.Entered.WaitAsync(DiagnosticsClusterFixture.Timeout);
            var (vid, _, _) = await fixture.SingleTaskAsync(job);
            url = $"/jobs/{job}/vertices/{vid}/flamegraph";
            const string template = "/jobs/:jobid/vertices/:vertexid/flamegraph";

            var first = await fixture.GetAsync(url, template);
            Assert.Equal(-3, (long)first["endTimestamp"]!);
            Assert.Null(first["data"]);

            JsonNode? graph = null;
            await fixture.Progress.UntilAsync(async () => (graph = await fixture.GetAsync(url, template))["data"] is not null, "the flame graph's samples",
                DiagnosticsClusterFixture.Timeout);
            Assert.True((long)graph!["endTimestamp"]! > 0);
            Assert.Equal("root", (string?)graph["data"]!["name"]);
            Assert.Contains(method, graph["data"]!.ToJsonString());

            var onCpu = await fixture.GetAsync(url + "?type=ON_CPU", template);
            Assert.Contains(method, onCpu["data"]!.ToJsonString());
            var offCpu = await fixture.GetAsync(url + "?type=off_cpu", template);
            Assert.DoesNotContain(method, offCpu["data"]!.ToJsonString());
            // The vertex's sampling also answers for its subtask.
            var subtask = await fixture.GetAsync(url + "?subtaskindex=0", template);
            Assert.Contains(method, subtask["data"]!.ToJsonString());

            var badType = await ErrorAsync(url + "?type=WALL", HttpStatusCode.BadRequest);
            Assert.Contains("Cannot resolve query parameter (type) from value \"WALL\".", (string?)badType);
            var negative = await ErrorAsync(url + "?subtaskindex=-1", HttpStatusCode.BadRequest);
            Assert.Contains("Cannot resolve query parameter (subtaskindex) from value \"-1\".", (string?)negative);
            var outOfRange = await ErrorAsync(url + "?subtaskindex=1", HttpStatusCode.NotFound);
            Assert.Equal($"org.apache.flink.runtime.rest.handler.RestHandlerException: Invalid subtask index for vertex {vid}", (string?)outOfRange);
        }
        finally
        {
            gate.Release();
        }
        await FinishAsync(job);
        var terminated = await fixture.GetAsync(url, "/jobs/:jobid/vertices/:vertexid/flamegraph");
        Assert.Equal(-1, (long)terminated["endTimestamp"]!);
    }

    [Fact]
    public async Task Each_taskmanager_has_its_own_log_and_stdout_with_its_tasks_lines()
    {
        var marker = "diag-" + Guid.NewGuid().ToString("N")[..8];
        var job = fixture.Submit("printing job", 1, env => env.FromSequence(1, 5).SinkTo(new PrintSink<long>(marker)));
        await FinishAsync(job);
        var (_, vertexName, tm) = await fixture.SingleTaskAsync(job);
        var index = fixture.Cluster.TaskExecutors.Select((t, i) => (t, i)).Single(p => p.t.Id.Hex == tm).i;
        var stem = $"taskmanager-{index}";

        var logs = (await fixture.GetAsync($"/taskmanagers/{tm}/logs", "/taskmanagers/:taskmanagerid/logs"))["logs"]!.AsArray();
        var names = logs.Select(l => (string)l!["name"]!).ToList();
        Assert.Contains($"{stem}.log", names);
        Assert.Contains($"{stem}.out", names);
        Assert.All(names, n => Assert.StartsWith(stem, n));

        // The task reports FINISHED to its JobMaster before its TaskExecutor un-registers it (and says so in its log).
        var unregistered = $"Un-registering task and sending final execution state FINISHED to JobManager for task {vertexName} (1/1)#0";
        var log = "";
        await fixture.Progress.UntilAsync(async () => (log = await TextAsync($"/taskmanagers/{tm}/log")).Contains(unregistered), "the task's end in the log",
            DiagnosticsClusterFixture.Timeout);
        Assert.Contains($"Received task {vertexName} (1/1)#0", log);
        Assert.Contains(unregistered, await TextAsync($"/taskmanagers/{tm}/logs/{stem}.log"));
        Assert.DoesNotContain($"Received task {vertexName}", await TextAsync("/jobmanager/log"));

        var stdout = await TextAsync($"/taskmanagers/{tm}/stdout");
        Assert.Contains($"{marker}> 3", stdout);
        foreach (var other in fixture.Cluster.TaskExecutors.Where(t => t.Id.Hex != tm))
        {
            Assert.DoesNotContain(marker, await TextAsync($"/taskmanagers/{other.Id}/stdout"));
        }

        await ErrorAsync($"/taskmanagers/{tm}/logs/..%2Fjobmanager.log", HttpStatusCode.NotFound);
        await ErrorAsync($"/taskmanagers/{tm}/logs/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound);
        await ErrorAsync($"/taskmanagers/{tm}/logs/jobmanager.log", HttpStatusCode.NotFound);
        var unknown = new string('b', 32);
        Assert.Contains($"Could not find TaskExecutor {unknown}", (string?)await ErrorAsync($"/taskmanagers/{unknown}/logs", HttpStatusCode.NotFound));
        Assert.Contains($"Failed to transfer file from TaskExecutor {unknown} because it was unknown.",
            (string?)await ErrorAsync($"/taskmanagers/{unknown}/log", HttpStatusCode.NotFound));

        var logUrl = await fixture.GetAsync($"/jobs/{job}/taskmanagers/{tm}/log-url", "/jobs/:jobid/taskmanagers/:taskmanagerid/log-url");
        Assert.EndsWith($"/#/task-manager/{tm}/logs", (string?)logUrl["url"]);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Checkpoints;

/// <summary>
/// Every checkpoint endpoint on a running job, its bodies held against the OpenAPI schema: manual triggers of
/// each type complete and report their checkpoint ids, the statistics count them and keep the latest three,
/// and the details show each task's and subtask's acknowledgement; a job without periodic checkpointing has
/// Flink's disabled interval and takes manual checkpoints; unknown ids and finished jobs get Flink's answers.
/// </summary>
public sealed class CheckpointRestTests(CheckpointClusterFixture fixture) : IClassFixture<CheckpointClusterFixture>
{
    private const string Statistics = "/jobs/:jobid/checkpoints";
    private const string Details = "/jobs/:jobid/checkpoints/details/:checkpointid";
    private const string SubtaskDetails = "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid";

    private sealed class RollingSum : KeyedProcessFunction<long, long, long>
    {
        private IValueState<long> _sum = null!;

        public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

        public override void ProcessElement(long value, Context context, ICollector<long> output)
        {
            var sum = _sum.Value() + value;
            _sum.Update(sum);
            output.Collect(sum);
        }
    }

    /// <summary>An unbounded keyed sum, rate-limited; the sink pulses <paramref name="signal"/> every 100 records.</summary>
    private JobId SubmitRollingSum(string name, bool checkpointing, ProgressSignal signal, FailureSwitch? failure = null)
    {
        var count = 0L;
        return fixture.Submit(name, 2, env =>
        {
            if (checkpointing) env.EnableCheckpointing(TimeSpan.FromHours(1));
            env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue, 2_000), "Numbers", 1)
                .Map(new FailWhenArmedMap(failure ?? new FailureSwitch())).Name("Failure point")
                .KeyBy(v => v % 13)
                .Process(new RollingSum()).Name("Rolling sum")
                .SinkTo(new ActionSink<long>(_ =>
                {
                    if (Interlocked.Increment(ref count) % 100 == 0) signal.Pulse();
                }, "Discard"));
        });
    }

    private async Task<long> CompletedCheckpointIdAsync(JobId job, string triggerId, ProgressSignal signal)
    {
        JsonNode? status = null;
        await signal.UntilAsync(async () => (string?)(status = await fixture.StatusAsync(job, triggerId))["status"]!["id"] == "COMPLETED",
            $"checkpoint trigger {triggerId} completed", CheckpointClusterFixture.Timeout);
        var operation = status!["operation"]!;
        Assert.True(operation["failureCause"] is null, operation.ToJsonString());
        return (long)operation["checkpointId"]!;
    }

    [Fact]
    public async Task Manual_checkpoints_of_every_type_complete_and_every_view_reports_them()
    {
        var signal = new ProgressSignal();
        var job = SubmitRollingSum("checkpointed sum", checkpointing: true, signal);
        await signal.UntilAsync(async () => AllTasksRunning(await fixture.GetAsync($"/jobs/{job}", "/jobs/:jobid")),
            "the job runs", CheckpointClusterFixture.Timeout);

        var config = await fixture.GetAsync($"/jobs/{job}/checkpoints/config", "/jobs/:jobid/checkpoints/config");
        Assert.Equal(("exactly_once", 3_600_000L, "JobManagerCheckpointStorage"), ((string?)config["mode"], (long)config["interval"]!, (string?)config["checkpoint_storage"]));
        var before = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics);
        Assert.Equal(0, (long)before["counts"]!["total"]!);
        Assert.Equal("""{"completed":null,"savepoint":null,"failed":null,"restored":null}""", before["latest"]!.ToJsonString());

        // A client's trigger id is the request id; sending it again starts nothing new.
        var chosen = TriggerId.Generate().Hex;
        Assert.Equal(chosen, await fixture.TriggerAsync(job, $$"""{"checkpointType":"FULL","triggerId":"{{chosen}}"}"""));
        var first = await CompletedCheckpointIdAsync(job, chosen, signal);
        Assert.Equal(chosen, await fixture.TriggerAsync(job, $$"""{"triggerId":"{{chosen}}"}"""));
        var ids = new List<long> { first };
        foreach (var body in new[] { """{"checkpointType":"INCREMENTAL"}""", null, """{"checkpointType":"CONFIGURED"}""" })
            ids.Add(await CompletedCheckpointIdAsync(job, await fixture.TriggerAsync(job, body), signal));
        Assert.Equal([1L, 2L, 3L, 4L], ids);

        var stats = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics);
        Assert.Equal("""{"restored":0,"total":4,"in_progress":0,"completed":4,"failed":0}""", stats["counts"]!.ToJsonString());
        Assert.Equal([4L, 3L, 2L], stats["history"]!.AsArray().Select(h => (long)h!["id"]!));
        var latest = stats["latest"]!["completed"]!;
        Assert.Equal((4L, "completed", "<checkpoint-not-externally-addressable>"), ((long)latest["id"]!, (string?)latest["className"], (string?)latest["external_path"]));
        var size = stats["summary"]!["state_size"]!;
        Assert.True((long)size["min"]! > 0 && (long)size["min"]! <= (long)size["max"]!, size.ToJsonString());
        Assert.InRange((double)size["p50"]!, (long)size["min"]!, (long)size["max"]!);
        Assert.InRange((long)latest["end_to_end_duration"]!, 0, (long)stats["summary"]!["end_to_end_duration"]!["max"]!);

        var details = await fixture.GetAsync($"/jobs/{job}/checkpoints/details/4", Details);
        var vertices = (await fixture.GetAsync($"/jobs/{job}", "/jobs/:jobid"))["vertices"]!.AsArray();
        var subtaskCount = vertices.Sum(v => (int)v!["parallelism"]!);
        Assert.Equal(("COMPLETED", subtaskCount, subtaskCount), ((string?)details["status"], (int)details["num_subtasks"]!, (int)details["num_acknowledged_subtasks"]!));
        var sum = (string)vertices.Single(v => ((string)v!["name"]!).Contains("Rolling sum"))!["id"]!;
        Assert.Equal(vertices.Select(v => (string)v!["id"]!).Order(), details["tasks"]!.AsObject().Select(t => t.Key).Order());
        var task = await fixture.GetAsync($"/jobs/{job}/checkpoints/details/4/subtasks/{sum}", SubtaskDetails);
        Assert.Equal((2, 2), ((int)task["num_subtasks"]!, (int)task["num_acknowledged_subtasks"]!));
        foreach (var subtask in task["subtasks"]!.AsArray())
        {
            Assert.Equal("completed", (string?)subtask!["className"]);
            Assert.True((long)subtask["state_size"]! > 0);
            Assert.True((long)subtask["ack_timestamp"]! >= (long)details["trigger_timestamp"]!);
            Assert.Equal((long)subtask["ack_timestamp"]! - (long)details["trigger_timestamp"]!, (long)subtask["end_to_end_duration"]!);
            Assert.Equal(0, (long)subtask["alignment"]!["persisted"]!);
        }
        Assert.Equal((long)task["state_size"]!, task["subtasks"]!.AsArray().Sum(s => (long)s!["state_size"]!));

        Assert.Contains("RestHandlerException: Could not find checkpointing statistics for checkpoint 99.", await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{job}/checkpoints/details/99", HttpStatusCode.NotFound));
        var vertex = JobVertexId.Generate();
        Assert.Contains($"NotFoundException: There is no checkpoint statistics for task {vertex}.",
            await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{job}/checkpoints/details/4/subtasks/{vertex}", HttpStatusCode.NotFound));
        var unknownTrigger = TriggerId.Generate().Hex;
        Assert.Contains($"RestHandlerException: There is no checkpoint operation with triggerId={unknownTrigger} for job {job}.",
            await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{job}/checkpoints/{unknownTrigger}", HttpStatusCode.NotFound));
        Assert.Contains("Request did not match expected format CheckpointTriggerRequestBody.",
            await fixture.ErrorAsync(HttpMethod.Post, $"/jobs/{job}/checkpoints", HttpStatusCode.BadRequest, """{"checkpointType":"SAVEPOINT"}"""));

        // A job that ended keeps its statistics; a trigger completes with the Dispatcher's FlinkJobNotFoundException.
        await fixture.Http.PatchAsync($"/jobs/{job}?mode=cancel", null);
        await fixture.Cluster.Dispatcher.RequestJobResult(job)!.WaitAsync(CheckpointClusterFixture.Timeout);
        var ended = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics);
        Assert.Equal(4, (long)ended["counts"]!["completed"]!);
        var late = await fixture.StatusAsync(job, await fixture.TriggerAsync(job, null));
        Assert.Equal("COMPLETED", (string?)late["status"]!["id"]);
        Assert.Equal(typeof(Rest.Handlers.FlinkJobNotFoundException).FullName, (string?)late["operation"]!["failureCause"]!["class"]);
    }

    [Fact]
    public async Task A_job_without_periodic_checkpoints_answers_as_flink_takes_manual_ones_and_restores_them()
    {
        var signal = new ProgressSignal();
        var failure = new FailureSwitch();
        var job = SubmitRollingSum("unchecked sum", checkpointing: false, signal, failure);
        await signal.UntilAsync(async () => AllTasksRunning(await fixture.GetAsync($"/jobs/{job}", "/jobs/:jobid")),
            "the job runs", CheckpointClusterFixture.Timeout);

        // Flink gives every streaming job a coordinator: interval Long.MAX_VALUE (periodic checkpoints disabled), at-least-once.
        var config = await fixture.GetAsync($"/jobs/{job}/checkpoints/config", "/jobs/:jobid/checkpoints/config");
        Assert.Equal(("at_least_once", long.MaxValue), ((string?)config["mode"], (long)config["interval"]!));
        var before = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics);
        Assert.Equal("""{"restored":0,"total":0,"in_progress":0,"completed":0,"failed":0}""", before["counts"]!.ToJsonString());
        Assert.Contains("Could not find checkpointing statistics for checkpoint 1.",
            await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{job}/checkpoints/details/1", HttpStatusCode.NotFound));

        var id = await CompletedCheckpointIdAsync(job, await fixture.TriggerAsync(job, """{"checkpointType":"FULL"}"""), signal);
        Assert.Equal(1, id);
        var details = await fixture.GetAsync($"/jobs/{job}/checkpoints/details/{id}", Details);
        Assert.Equal("COMPLETED", (string?)details["status"]);
        Assert.True((long)details["state_size"]! > 0, details.ToJsonString());

        failure.Arm();
        JsonNode? stats = null;
        await signal.UntilAsync(async () => (long)(stats = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics))["counts"]!["restored"]! == 1,
            "the restarted job restored the manual checkpoint", CheckpointClusterFixture.Timeout);
        Assert.Equal(id, (long)stats!["latest"]!["restored"]!["id"]!);
        Assert.Equal(1, (long)stats["counts"]!["completed"]!);

        var unknown = JobId.Generate();
        Assert.Contains($"Job {unknown} not found", await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{unknown}/checkpoints", HttpStatusCode.NotFound));
        Assert.Contains($"Job {unknown} not found", await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{unknown}/checkpoints/config", HttpStatusCode.NotFound));
        var orphan = await fixture.StatusAsync(unknown, await fixture.TriggerAsync(unknown, null));
        Assert.Contains($"Could not find Flink job ({unknown})", (string?)orphan["operation"]!["failureCause"]!["stack-trace"]);

        await fixture.Http.PatchAsync($"/jobs/{job}?mode=cancel", null);
        Assert.Equal(JobStatus.CANCELED, (await fixture.Cluster.Dispatcher.RequestJobResult(job)!.WaitAsync(CheckpointClusterFixture.Timeout)).Status);
    }

    [Fact]
    public async Task A_finished_job_keeps_its_statistics_and_refuses_triggers_as_unknown()
    {
        var job = fixture.Submit("bounded checkpointed", 1, env =>
        {
            env.EnableCheckpointing(TimeSpan.FromHours(1));
            env.FromSequence(1, 100).SinkTo(new ActionSink<long>(_ => { }, "Discard"));
        });
        Assert.Equal(JobStatus.FINISHED, (await fixture.Cluster.Dispatcher.RequestJobResult(job)!.WaitAsync(CheckpointClusterFixture.Timeout)).Status);

        // The tasks waited for a final checkpoint covering their finished state before they ended (FLIP-147).
        var stats = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics);
        Assert.Equal("""{"restored":0,"total":1,"in_progress":0,"completed":1,"failed":0}""", stats["counts"]!.ToJsonString());
        Assert.Equal(3_600_000, (long)(await fixture.GetAsync($"/jobs/{job}/checkpoints/config", "/jobs/:jobid/checkpoints/config"))["interval"]!);
        Assert.Contains("Could not find checkpointing statistics for checkpoint 2.",
            await fixture.ErrorAsync(HttpMethod.Get, $"/jobs/{job}/checkpoints/details/2", HttpStatusCode.NotFound));
        var status = await fixture.StatusAsync(job, await fixture.TriggerAsync(job, """{"checkpointType":"FULL"}"""));
        Assert.Equal("COMPLETED", (string?)status["status"]!["id"]);
        Assert.Contains($"Could not find Flink job ({job})", (string?)status["operation"]!["failureCause"]!["stack-trace"]);
    }

    [Fact]
    public async Task A_failover_that_restores_the_latest_checkpoint_is_counted_as_restored()
    {
        var signal = new ProgressSignal();
        var failure = new FailureSwitch();
        var job = SubmitRollingSum("restored sum", checkpointing: true, signal, failure);
        await signal.UntilAsync(async () => AllTasksRunning(await fixture.GetAsync($"/jobs/{job}", "/jobs/:jobid")),
            "the job runs", CheckpointClusterFixture.Timeout);
        var id = await CompletedCheckpointIdAsync(job, await fixture.TriggerAsync(job, null), signal);

        failure.Arm();
        JsonNode? stats = null;
        await signal.UntilAsync(async () => (long)(stats = await fixture.GetAsync($"/jobs/{job}/checkpoints", Statistics))["counts"]!["restored"]! == 1,
            "the restarted job restored the checkpoint", CheckpointClusterFixture.Timeout);
        var restored = stats!["latest"]!["restored"]!;
        Assert.Equal((id, false, "<checkpoint-not-externally-addressable>"), ((long)restored["id"]!, (bool)restored["is_savepoint"]!, (string?)restored["external_path"]));
        Assert.True((long)restored["restore_timestamp"]! >= (long)stats["latest"]!["completed"]!["latest_ack_timestamp"]!);

        await fixture.Http.PatchAsync($"/jobs/{job}?mode=cancel", null);
        await fixture.Cluster.Dispatcher.RequestJobResult(job)!.WaitAsync(CheckpointClusterFixture.Timeout);
    }

    /// <summary>The job and every vertex run: a job is RUNNING while its tasks still deploy, and a checkpoint needs them all.</summary>
    private static bool AllTasksRunning(JsonNode job) =>
        (string?)job["state"] == "RUNNING" && job["vertices"]!.AsArray().All(v => (string?)v!["status"] == "RUNNING");
}

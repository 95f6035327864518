using System.Text.Json;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Async;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.ExecutionGraph;
using Brook.TestSupport;

namespace Brook.Rest.Tests;

/// <summary>The checkpoint views are pure functions of the coordinator's statistics snapshot: every figure and the wire shape.</summary>
public sealed class CheckpointHandlerTests
{
    private static readonly JobVertexId Source = JobVertexId.Generate();
    private static readonly JobVertexId Sink = JobVertexId.Generate();
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    private static readonly CheckpointCoordinatorConfiguration Settings = new(TimeSpan.FromSeconds(2), CheckpointingMode.AT_LEAST_ONCE,
        TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(500), 2, 3, 1, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION, "/tmp/chk", false)
    {
        AlignedCheckpointTimeout = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>Checkpoint 7 completed (two source subtasks and the sink acknowledged); 8 failed; 9 in progress with one source acknowledged.</summary>
    private static CheckpointStatsSnapshot Snapshot()
    {
        var parallelism = new Dictionary<JobVertexId, int> { [Source] = 2, [Sink] = 1 };
        var completed = new CheckpointStatistics(7, CheckpointStatsStatus.COMPLETED, 1000, 1090, 600, 3, 3, "/tmp/chk/job/chk-7", null,
        [
            (Source, new SubtaskCheckpointStatistics(0, 1040, 100, 2, 10, 0, 5)),
            (Source, new SubtaskCheckpointStatistics(1, 1060, 200, 4, 20, 0, 7)),
            (Sink, new SubtaskCheckpointStatistics(0, 1090, 300, 6, 30, 15, 9) { Unaligned = true, PersistedData = 120 }),
        ]) { SubtasksPerVertex = parallelism, Discarded = true };
        var failed = new CheckpointStatistics(8, CheckpointStatsStatus.FAILED, 3000, 3010, 50, 3, 1, null, "Checkpoint 8 expired before completing.",
            [(Source, new SubtaskCheckpointStatistics(0, 3010, 50, 1, 1, 0, 3))]) { SubtasksPerVertex = parallelism, FailureTimestamp = 3500 };
        var pending = new CheckpointStatistics(9, CheckpointStatsStatus.IN_PROGRESS, 5000, 5020, 70, 3, 1, null, null,
            [(Source, new SubtaskCheckpointStatistics(1, 5020, 70, 1, 1, 0, 4))]) { SubtasksPerVertex = parallelism };
        var sizes = StatsSummarySnapshot.Of([400L, 600L]);
        return new CheckpointStatsSnapshot(new CheckpointStatsCounts(1, 4, 1, 2, 1),
            new CompletedCheckpointStatsSummary(sizes, sizes, StatsSummarySnapshot.Of([80L, 90L]), StatsSummarySnapshot.Of([0L, 0L]), StatsSummarySnapshot.Of([0L, 0L])),
            [pending, failed, completed], completed, failed, new RestoredCheckpointStats(5, 900, false, null));
    }

    private static ExecutionGraphInfo Info(CheckpointStatsSnapshot? statistics, CheckpointCoordinatorConfiguration? configuration)
    {
        var graph = new ArchivedExecutionGraph(JobId.Generate(), "job", JobStatus.RUNNING, 100, -1, 900, 1000,
            new Dictionary<JobStatus, long>(), [], null, [], [], 2)
        {
            CheckpointStatistics = statistics,
            CheckpointConfiguration = configuration,
        };
        return new ExecutionGraphInfo(graph, new JobPlanSnapshot(graph.JobId, "job", []), new JobConfigSnapshot(1, false, "", new Dictionary<string, string>()));
    }

    private static JsonNode Wire<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string template)
    {
        var json = JsonSerializer.Serialize(body, type);
        OpenApiValidator.Default.AssertMatches("GET", template, 200, json);
        return JsonNode.Parse(json)!;
    }

    [Fact]
    public void Statistics_show_counts_summaries_latest_and_the_history_newest_first()
    {
        var body = Wire(CheckpointHandlers.Statistics(Info(Snapshot(), Settings)), Json.CheckpointingStatistics, "/jobs/:jobid/checkpoints");
        Assert.Equal("""{"restored":1,"total":4,"in_progress":1,"completed":2,"failed":1}""", body["counts"]!.ToJsonString());
        Assert.Equal("""{"min":400,"max":600,"avg":500,"p50":500,"p90":600,"p95":600,"p99":600,"p999":600}""", body["summary"]!["state_size"]!.ToJsonString());
        Assert.Equal(body["summary"]!["state_size"]!.ToJsonString(), body["summary"]!["checkpointed_size"]!.ToJsonString());
        Assert.Equal(85, (double)body["summary"]!["end_to_end_duration"]!["p50"]!);
        Assert.Equal(0, (long)body["summary"]!["alignment_buffered"]!["max"]!);

        var latest = body["latest"]!;
        Assert.Equal("completed", (string?)latest["completed"]!["className"]);
        Assert.Equal(90, (long)latest["completed"]!["end_to_end_duration"]!);
        Assert.Equal("/tmp/chk/job/chk-7", (string?)latest["completed"]!["external_path"]);
        Assert.True((bool)latest["completed"]!["discarded"]!);
        Assert.Null(latest["savepoint"]);
        Assert.True(latest.AsObject().ContainsKey("savepoint"));
        Assert.Equal("Checkpoint 8 expired before completing.", (string?)latest["failed"]!["failure_message"]);
        Assert.Equal(3500, (long)latest["failed"]!["failure_timestamp"]!);
        Assert.Equal(500, (long)latest["failed"]!["end_to_end_duration"]!);
        Assert.Equal(CheckpointHandlers.NotExternallyAddressable, (string?)latest["restored"]!["external_path"]);

        var history = body["history"]!.AsArray();
        Assert.Equal([9L, 8L, 7L], history.Select(h => (long)h!["id"]!));
        Assert.Equal(["in_progress", "failed", "completed"], history.Select(h => (string)h!["className"]!));
        Assert.Equal(20, (long)history[0]!["end_to_end_duration"]!);
        Assert.False(history[0]!.AsObject().ContainsKey("external_path"));
        Assert.Empty(history[2]!["tasks"]!.AsObject());
        Assert.Equal("CHECKPOINT", (string?)history[2]!["checkpoint_type"]);
    }

    [Fact]
    public void Latest_checkpoints_are_written_as_null_before_any_and_empty_summaries_as_zeros()
    {
        var empty = new CheckpointStatsSnapshot(new CheckpointStatsCounts(0, 0, 0, 0, 0),
            new CompletedCheckpointStatsSummary(StatsSummarySnapshot.Empty, StatsSummarySnapshot.Empty, StatsSummarySnapshot.Empty,
                StatsSummarySnapshot.Empty, StatsSummarySnapshot.Empty), [], null, null, null);
        var body = Wire(CheckpointHandlers.Statistics(Info(empty, Settings)), Json.CheckpointingStatistics, "/jobs/:jobid/checkpoints");
        Assert.Equal("""{"completed":null,"savepoint":null,"failed":null,"restored":null}""", body["latest"]!.ToJsonString());
        Assert.Equal("""{"min":0,"max":0,"avg":0,"p50":0,"p90":0,"p95":0,"p99":0,"p999":0}""", body["summary"]!["end_to_end_duration"]!.ToJsonString());
        Assert.Empty(body["history"]!.AsArray());
    }

    [Fact]
    public void Percentiles_interpolate_between_neighbours_as_flink_does()
    {
        var s = StatsSummarySnapshot.Of(Enumerable.Range(1, 10).Select(i => (long)i).Reverse().ToList());
        Assert.Equal((1L, 10L, 5L), (s.Minimum, s.Maximum, s.Average));
        Assert.Equal(5.5, s.P50, 9);
        Assert.Equal(9.9, s.P90, 9);
        Assert.Equal(10, s.P95);
        Assert.Equal(10, s.P999);
        Assert.Equal(7, StatsSummarySnapshot.Of([7L]).P50);
        Assert.True(double.IsNaN(StatsSummarySnapshot.Empty.P50));
    }

    [Fact]
    public void Configuration_shows_every_setting_of_the_job()
    {
        var body = Wire(CheckpointHandlers.Config(Info(Snapshot(), Settings)), Json.CheckpointConfigInfo, "/jobs/:jobid/checkpoints/config");
        Assert.Equal("at_least_once", (string?)body["mode"]);
        Assert.Equal((2000L, 60_000L, 500L, 2L), ((long)body["interval"]!, (long)body["timeout"]!, (long)body["min_pause"]!, (long)body["max_concurrent"]!));
        Assert.Equal("""{"enabled":true,"delete_on_cancellation":false}""", body["externalization"]!.ToJsonString());
        Assert.Equal(("HashMapStateBackend", "FileSystemCheckpointStorage"), ((string?)body["state_backend"], (string?)body["checkpoint_storage"]));
        Assert.Equal((3, 250L), ((int)body["tolerable_failed_checkpoints"]!, (long)body["aligned_checkpoint_timeout"]!));
        Assert.False((bool)body["unaligned_checkpoints"]!);
        Assert.False((bool)body["checkpoints_after_tasks_finish"]!);
        Assert.False((bool)body["state_changelog_enabled"]!);

        var memory = CheckpointHandlers.Config(Info(null, Settings with { Directory = null, Mode = CheckpointingMode.EXACTLY_ONCE, Retention = ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS }));
        Assert.Equal(("exactly_once", "JobManagerCheckpointStorage"), (memory.Mode, memory.CheckpointStorage));
        Assert.Equal(new ExternalizedCheckpointInfo(false, true), memory.Externalization);

        // Periodic checkpointing off: Flink's DISABLED_CHECKPOINT_INTERVAL, which its dashboard shows as "Periodic checkpoints disabled".
        var disabled = Wire(CheckpointHandlers.Config(Info(null, Settings with { Interval = null })), Json.CheckpointConfigInfo, "/jobs/:jobid/checkpoints/config");
        Assert.Equal("9223372036854775807", disabled["interval"]!.ToJsonString());
    }

    [Fact]
    public void Checkpoint_details_break_the_figures_down_per_task()
    {
        var body = Wire(CheckpointHandlers.Details(Info(Snapshot(), Settings), 7), Json.CheckpointStatisticsInfo, "/jobs/:jobid/checkpoints/details/:checkpointid");
        Assert.Equal((7L, "COMPLETED", 600L), ((long)body["id"]!, (string?)body["status"], (long)body["state_size"]!));
        var source = body["tasks"]![Source.Hex]!;
        Assert.Equal((1060L, 300L, 60L, 2, 2), ((long)source["latest_ack_timestamp"]!, (long)source["state_size"]!, (long)source["end_to_end_duration"]!,
            (int)source["num_subtasks"]!, (int)source["num_acknowledged_subtasks"]!));
        Assert.Equal(300, (long)body["tasks"]![Sink.Hex]!["checkpointed_size"]!);
    }

    [Fact]
    public void Subtask_details_show_each_acknowledgement_and_the_subtasks_still_pending()
    {
        var body = Wire(CheckpointHandlers.TaskDetails(Info(Snapshot(), Settings), 9, Source), Json.TaskCheckpointStatisticsWithSubtaskDetails,
            "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid");
        Assert.Equal((2, 1, "IN_PROGRESS"), ((int)body["num_subtasks"]!, (int)body["num_acknowledged_subtasks"]!, (string?)body["status"]));
        var subtasks = body["subtasks"]!.AsArray();
        Assert.Equal("""{"className":"pending","index":0,"status":"pending_or_failed"}""", subtasks[0]!.ToJsonString());
        Assert.Equal("completed", (string?)subtasks[1]!["className"]);
        Assert.Equal((5020L, 20L, 70L, 4L), ((long)subtasks[1]!["ack_timestamp"]!, (long)subtasks[1]!["end_to_end_duration"]!,
            (long)subtasks[1]!["state_size"]!, (long)subtasks[1]!["start_delay"]!));
        Assert.False((bool)subtasks[1]!["unaligned_checkpoint"]!);

        var completed = Wire(CheckpointHandlers.TaskDetails(Info(Snapshot(), Settings), 7, Source), Json.TaskCheckpointStatisticsWithSubtaskDetails,
            "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid");
        Assert.Equal("""{"sync":2,"async":10}""", completed["subtasks"]![0]!["checkpoint"]!.ToJsonString());
        Assert.Equal((2L, 4L, 3L), ((long)completed["summary"]!["checkpoint_duration"]!["sync"]!["min"]!,
            (long)completed["summary"]!["checkpoint_duration"]!["sync"]!["max"]!, (long)completed["summary"]!["checkpoint_duration"]!["sync"]!["avg"]!));
        Assert.Equal((40L, 60L), ((long)completed["summary"]!["end_to_end_duration"]!["min"]!, (long)completed["summary"]!["end_to_end_duration"]!["max"]!));
        var sink = Wire(CheckpointHandlers.TaskDetails(Info(Snapshot(), Settings), 7, Sink), Json.TaskCheckpointStatisticsWithSubtaskDetails,
            "/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid");
        Assert.Equal(15, (long)sink["subtasks"]![0]!["alignment"]!["duration"]!);
        // The sink's snapshot was unaligned: the in-flight records it wrote are its persisted data, at every level.
        Assert.True((bool)sink["subtasks"]![0]!["unaligned_checkpoint"]!);
        Assert.Equal((120L, 120L, 120L), ((long)sink["subtasks"]![0]!["alignment"]!["persisted"]!, (long)sink["persisted_data"]!,
            (long)sink["summary"]!["alignment"]!["persisted"]!["max"]!));
        var details = Wire(CheckpointHandlers.Details(Info(Snapshot(), Settings), 7), Json.CheckpointStatisticsInfo, "/jobs/:jobid/checkpoints/details/:checkpointid");
        Assert.Equal((120L, 0L), ((long)details["persisted_data"]!, (long)details["tasks"]![Source.Hex]!["persisted_data"]!));
    }

    [Fact]
    public void Unknown_checkpoints_tasks_and_graphs_archived_without_a_coordinator_get_flinks_404s()
    {
        var withStats = Info(Snapshot(), Settings);
        var unknown = Assert.Throws<RestHandlerException>(() => CheckpointHandlers.Details(withStats, 42));
        Assert.Equal((404, "Could not find checkpointing statistics for checkpoint 42."), (unknown.Status, unknown.Message));
        var vertex = JobVertexId.Generate();
        var task = Assert.Throws<NotFoundException>(() => CheckpointHandlers.TaskDetails(withStats, 7, vertex));
        Assert.Equal($"There is no checkpoint statistics for task {vertex}.", task.Message);

        var off = Info(null, null);
        var statistics = Assert.Throws<RestHandlerException>(() => CheckpointHandlers.Statistics(off));
        Assert.Equal((404, "Checkpointing has not been enabled."), (statistics.Status, statistics.Message));
        var config = Assert.Throws<RestHandlerException>(() => CheckpointHandlers.Config(off));
        Assert.Equal((404, $"Checkpointing is not enabled for this job ({off.Graph.JobId})."), (config.Status, config.Message));
        var details = Assert.Throws<RestHandlerException>(() => CheckpointHandlers.Details(off, 1));
        Assert.Equal((404, $"Checkpointing was not enabled for job {off.Graph.JobId}."), (details.Status, details.Message));
    }

    [Fact]
    public void A_trigger_keeps_the_clients_trigger_id_and_refuses_unknown_types()
    {
        var job = JobId.Generate();
        var id = TriggerId.Generate();
        Assert.Equal(new AsynchronousJobOperationKey(id, job), CheckpointEndpoints.TriggerKey(job, new CheckpointTriggerRequestBody("INCREMENTAL", id.Hex)));
        Assert.NotEqual(CheckpointEndpoints.TriggerKey(job, new CheckpointTriggerRequestBody(null, null)), CheckpointEndpoints.TriggerKey(job, new CheckpointTriggerRequestBody("FULL", null)));
        var bad = Assert.Throws<RestHandlerException>(() => CheckpointEndpoints.TriggerKey(job, new CheckpointTriggerRequestBody("SAVEPOINT", null)));
        Assert.Equal((400, "Request did not match expected format CheckpointTriggerRequestBody."), (bad.Status, bad.Message));
        Assert.Throws<RestHandlerException>(() => CheckpointEndpoints.TriggerKey(job, new CheckpointTriggerRequestBody(null, "xyz")));
    }

    [Fact]
    public void Trigger_status_is_in_progress_then_the_checkpoint_id_or_the_failure()
    {
        string Status(OperationResult<long> r)
        {
            var json = JsonSerializer.Serialize(CheckpointEndpoints.CheckpointTriggerStatus(r), Json.AsynchronousOperationResultCheckpointInfo);
            OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/checkpoints/:triggerid", 200, json);
            return json;
        }

        Assert.Equal("""{"status":{"id":"IN_PROGRESS"},"operation":null}""", Status(OperationResult<long>.InProgress));
        Assert.Equal("""{"status":{"id":"COMPLETED"},"operation":{"checkpointId":12}}""", Status(OperationResult<long>.Success(12)));
        var failure = JsonNode.Parse(Status(OperationResult<long>.Failed(new CheckpointException(CheckpointFailureReason.CheckpointDeclined, "declined"))))!;
        Assert.Equal(typeof(CheckpointException).FullName, (string?)failure["operation"]!["failureCause"]!["class"]);
        Assert.Contains("declined", (string?)failure["operation"]!["failureCause"]!["stack-trace"]);
        Assert.False(failure["operation"]!.AsObject().ContainsKey("checkpointId"));
    }
}

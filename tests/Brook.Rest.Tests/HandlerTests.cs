using System.Text.Json;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Tests;

/// <summary>The handlers are pure functions over snapshots; these call them directly.</summary>
public sealed class HandlerTests
{
    private static readonly TaskExecutorMemoryConfiguration Memory = new(0, 4L << 30, 0, 0, 0, 512L << 20, 0, 0, (4L << 30) + (512L << 20), (4L << 30) + (512L << 20));

    private static TaskManagerSnapshot TaskManager(int slots, params JobId?[] owners)
    {
        var registration = new TaskManagerRegistration(ResourceId.Generate(), "brook://localhost/taskmanager_0", -1, slots,
            new HardwareDescription(8, 16L << 30, 8L << 30, 512L << 20), Memory);
        var all = owners.Concat(Enumerable.Repeat<JobId?>(null, slots - owners.Length)).ToArray();
        return new TaskManagerSnapshot(registration, DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(5000), all);
    }

    private static JobDetailsSnapshot Job(JobStatus status, long start = 100, long end = -1) =>
        new(JobId.Generate(), "job", status, start, end, start, new Dictionary<ExecutionState, int> { [ExecutionState.RUNNING] = 2, [ExecutionState.FINISHED] = 1 }, 0);

    [Fact]
    public void Overview_sums_slots_over_taskmanagers_and_counts_jobs_by_state()
    {
        var job = JobId.Generate();
        var overview = ClusterOverviewHandler.Handle([TaskManager(2, job), TaskManager(3)],
            [Job(JobStatus.RUNNING), Job(JobStatus.RESTARTING), Job(JobStatus.FINISHED), Job(JobStatus.CANCELED), Job(JobStatus.FAILED), Job(JobStatus.FAILED)]);
        Assert.Equal((2, 5, 4), (overview.TaskManagers, overview.SlotsTotal, overview.SlotsAvailable));
        Assert.Equal((2, 1, 1, 2), (overview.JobsRunning, overview.JobsFinished, overview.JobsCancelled, overview.JobsFailed));
        Assert.Equal("2.1.0", overview.FlinkVersion);
        var json = JsonSerializer.Serialize(overview, RestJsonContext.Default.ClusterOverviewWithVersion);
        Assert.DoesNotContain("blocked", json);
    }

    [Fact]
    public void Job_details_count_tasks_per_state_and_run_the_duration_to_now_while_running()
    {
        var running = JobsOverviewHandlers.ToDetails(Job(JobStatus.RUNNING, start: 100), nowMillis: 1100);
        Assert.Equal(1000, running.Duration);
        Assert.Equal(3, running.Tasks["total"]);
        Assert.Equal(2, running.Tasks["running"]);
        Assert.Equal(0, running.Tasks["initializing"]);
        Assert.Equal(11, running.Tasks.Count);
        var finished = JobsOverviewHandlers.ToDetails(Job(JobStatus.FINISHED, start: 100, end: 600), nowMillis: 99999);
        Assert.Equal(500, finished.Duration);
    }

    [Fact]
    public void Taskmanager_info_reports_the_registration_and_free_resources_per_slot()
    {
        var job = JobId.Generate();
        var tm = TaskManager(4, job, job);
        var details = TaskManagerHandlers.Details(tm, new ProcessMetricsSnapshot(10, 20, 30, 1, 2, -1, [new GarbageCollectorSnapshot(".NET GC", 7, 12)]));
        Assert.Equal((4, 2), (details.SlotsNumber, details.FreeSlots));
        Assert.Equal(4, details.TotalResource.CpuCores);
        Assert.Equal(4096, details.TotalResource.TaskHeapMemory);
        Assert.Equal(2048, details.FreeResource.TaskHeapMemory);
        Assert.Equal(2, details.FreeResource.CpuCores);
        Assert.Equal(2, details.AllocatedSlots.Count);
        Assert.All(details.AllocatedSlots, s => Assert.Equal(job.Hex, s.JobId));
        Assert.Equal(5000, details.TimeSinceLastHeartbeat);
        Assert.Equal(-1, details.JmxPort);
        Assert.Equal(10, details.Metrics.HeapUsed);
        Assert.Equal(7, Assert.Single(details.Metrics.GarbageCollectors).Count);
    }

    [Fact]
    public void Dashboard_configuration_uses_the_time_zone_and_versions()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/Zone", TimeSpan.FromHours(2), "Test Zone", "Test Standard Time");
        var config = DashboardConfigurationHandler.Handle(3000, zone, DateTimeOffset.UnixEpoch);
        Assert.Equal(7_200_000, config.TimeZoneOffset);
        Assert.Equal("Test Standard Time", config.TimeZoneName);
        Assert.Equal("2.1.0", config.FlinkVersion);
        Assert.Equal(BrookVersion.Revision, config.FlinkRevision);
        Assert.Equal(new DashboardFeatures(true, true, false, false), config.Features);
    }

    [Fact]
    public void Log_files_resolve_only_inside_the_log_directory()
    {
        var dir = Directory.CreateTempSubdirectory("brook-logs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "jobmanager.log"), "hello");
            var outside = Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + "-secret.txt");
            var logs = new LogLocation(dir, () => "jobmanager.log", "jobmanager.out");
            Assert.Equal(Path.Combine(dir, "jobmanager.log"), LogFileHandlers.Resolve(logs, "jobmanager.log"));
            foreach (var name in new[] { "../" + Path.GetFileName(outside), "..", "/etc/passwd", "sub/x.log", "jobmanager.out", "", null })
            {
                Assert.Equal(404, Assert.Throws<NotFoundException>(() => LogFileHandlers.Resolve(logs, name)).Status);
            }
            var listed = Assert.Single(LogFileHandlers.List(logs).Logs);
            Assert.Equal(("jobmanager.log", 5L), (listed.Name, listed.Size));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Delete_cluster_shuts_down_only_after_answering()
    {
        var gateway = new FakeGateway();
        var endpoint = DispatcherEndpoints.Create(gateway, TimeProvider.System).Single(e => e.Spec.PathTemplate == "/cluster");
        var result = await endpoint.Handle(new Routing.RestRequest(new Dictionary<string, object>(), new Dictionary<string, IReadOnlyList<object>>(), new EmptyRequestBody()),
            CancellationToken.None);
        Assert.Equal(0, gateway.ShutdownRequests);
        result.AfterResponse!();
        Assert.Equal(1, gateway.ShutdownRequests);
    }
}

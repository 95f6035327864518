using System.Collections.Concurrent;
using Brook.Cluster;
using Brook.Cluster.Rpc;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Runtime.Checkpointing;
using Brook.TestJobs;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.Distributed.Tests;

/// <summary>
/// The TaskManager side of state files in one process (a JobManager with an RPC endpoint and two TaskManagerRunners, all
/// over gRPC): the JobManager holds only handles of the large states its TaskManagers wrote; a stop-with-savepoint of them is
/// self-contained, still restores after being moved, and a new job started from it on the TaskManagers continues every
/// key's count and ballast exactly once; without a checkpoint directory the same state declines its checkpoints saying how to fix it.
/// </summary>
public sealed class TaskStateFileInProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "brook-state-files-ip-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<JobId, JobMasterType> _jobMasters = new();
    private readonly List<TaskManagerRunner> _taskManagers = [];
    private LocalCluster _cluster = null!;
    private string _jarId = "";

    public async Task InitializeAsync()
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster = await LocalCluster.StartAsync(new Configuration()
                .Set(CoreOptions.RestPort, 0)
                .Set(ClusterRpcOptions.JobManagerRpcPort, 0)
                .Set(CoreOptions.SlotRequestTimeout, TimeSpan.FromSeconds(20))
                .SetRaw(CoreOptions.LogDir.Key, Path.Combine(_root, "log"))
                .SetRaw(CoreOptions.WebUploadDir.Key, Path.Combine(_root, "upload")),
            new LocalClusterOptions(NumberOfTaskManagers: 0) { AcceptTaskManagerProcesses = true });
        _cluster.Dispatcher.JobMasterCreated += jm => _jobMasters[jm.JobId] = jm;
        _cluster.ResourceManager.SlotsChanged += () =>
        {
            if (_cluster.ResourceManager.Snapshot().Count == 2) registered.TrySetResult();
        };
        for (var i = 0; i < 2; i++)
        {
            _taskManagers.Add(await TaskManagerRunner.StartAsync(new Configuration()
                .Set(ClusterRpcOptions.JobManagerRpcPort, _cluster.RpcEndPoint!.Port)
                .Set(CoreOptions.NumberOfTaskSlots, 1)
                .SetRaw(CoreOptions.LogDir.Key, Path.Combine(_root, "log-tm" + i))
                .SetRaw(TaskManagerWorkingDirectory.WorkingDir.Key, Path.Combine(_root, "tm" + i))));
        }
        await registered.Task.WaitAsync(Patience);
        _jarId = Path.GetFileName(await _cluster.Jars.UploadAsync(TaskDeploymentTests.Cluster.Package("Brook.TestJobs.jar"), "Brook.TestJobs.jar", CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        foreach (var t in _taskManagers) await t.DisposeAsync();
        await _cluster.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private async Task<JobMasterType> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? configuration = null)
    {
        var job = await _cluster.Jars.RunAsync(_jarId, new JarProgramRequest("Brook.TestJobs.LargeStateCounts", args, 2, null,
            configuration ?? new Dictionary<string, string>()), CancellationToken.None);
        return _jobMasters[job];
    }

    /// <summary>Waits for a checkpoint completed by the job (event-driven, bounded).</summary>
    private static async Task<CompletedCheckpoint> NextCompletedAsync(JobMasterType job)
    {
        var completed = new TaskCompletionSource<CompletedCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        job.CheckpointCoordinator.CheckpointCompleted += c => completed.TrySetResult(c);
        return await completed.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_JobManager_keeps_handles_and_a_moved_savepoint_of_them_restores_on_the_TaskManagers_exactly_once()
    {
        const long count = 2_000;
        var checkpoints = Path.Combine(_root, "checkpoints");
        var output = Path.Combine(_root, "out");
        var args = new[] { output, count.ToString(System.Globalization.CultureInfo.InvariantCulture), "600", checkpoints };
        var job = await RunAsync(args);
        var keyed = job.JobGraph.Vertices.Single(v => v.Name.Contains("Count with ballast"));
        var keyedOperator = keyed.OperatorIdsInChainOrder.First().Hex;
        // The first checkpoint after every key of each subtask was seen (each has its ballast then).
        var checkpoint = await NextCompletedAsync(job);
        while (checkpoint.OperatorStates[keyedOperator].SubtaskStates.Values.Any(s => s.StateSize < LargeStateCounts.Keys / 2 * LargeStateCounts.BallastBytes / 2))
            checkpoint = await NextCompletedAsync(job);
        foreach (var (subtask, state) in checkpoint.OperatorStates[keyedOperator].SubtaskStates)
        {
            // Only the handle is in the JobManager's memory; the file the TaskManager wrote lies in the checkpoint's directory.
            Assert.Null(state.KeyedState);
            var handle = Assert.IsType<TaskStateHandle>(state.StateHandle);
            Assert.Equal(Path.Combine(checkpoint.ExternalPointer!, FileSystemCheckpointStorage.TaskStateFileName(keyed.Id, subtask)), handle.FilePath);
            Assert.True(state.StateSize > 16L << 20, $"subtask {subtask}: {state.StateSize} bytes");
        }

        // Stop with a savepoint: nothing is committed after it, so the savepoint and the output so far agree.
        var savepoint = await job.StopWithSavepointAsync(Path.Combine(_root, "savepoints"), SavepointFormatType.CANONICAL, drain: false).WaitAsync(Patience);
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Patience)).Status);
        Assert.All(savepoint.OperatorStates[keyedOperator].SubtaskStates.Values, s => Assert.StartsWith(savepoint.ExternalPointer!, s.StateHandle!.FilePath));
        Assert.False(Directory.Exists(Path.Combine(checkpoints, job.JobId.Hex)));
        var moved = Path.Combine(_root, "moved-savepoint");
        Directory.Move(savepoint.ExternalPointer!, moved);

        // Started from the moved savepoint: the TaskManagers' tasks read its files (the ballast is checked) and every key's count goes on.
        var restored = await RunAsync(args, new Dictionary<string, string> { ["execution.state-recovery.path"] = moved });
        Assert.Equal(JobStatus.FINISHED, (await restored.ResultTask.WaitAsync(Patience)).Status);
        var lines = Directory.EnumerateFiles(output).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadLines).ToList();
        var expected = LargeStateCounts.ExpectedLines(count);
        Assert.Equal(expected.Order(), lines.Order());
        Assert.True(File.Exists(Path.Combine(moved, CheckpointMetadataFormat.FileName)));
    }

    [Fact]
    public async Task Without_a_checkpoint_directory_a_state_larger_than_a_message_declines_saying_how_to_fix_it()
    {
        var job = await RunAsync([Path.Combine(_root, "out-memory"), "1000000", "300"]);
        var failed = new TaskCompletionSource<CheckpointException>(TaskCreationOptions.RunContinuationsAsynchronously);
        job.CheckpointCoordinator.CheckpointAborted += (_, e) => failed.TrySetResult(e);
        var reason = await failed.Task.WaitAsync(Patience);
        Assert.Equal(CheckpointFailureReason.CheckpointDeclined, reason.Reason);
        Assert.Contains("more than one RPC message to the JobManager carries", reason.Message);
        Assert.Contains("Set execution.checkpointing.dir", reason.Message);
        job.Cancel();
        await job.ResultTask.WaitAsync(Patience);
    }
}

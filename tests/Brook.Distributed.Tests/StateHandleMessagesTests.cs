using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Cluster.TaskManager;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Google.Protobuf;
using RuntimeHandle = Brook.Runtime.Checkpointing.TaskStateHandle;

namespace Brook.Distributed.Tests;

/// <summary>
/// The wire form of state files: a deployment's checkpoint directory and state parts (inline bytes or files, with the
/// in-flight selection of a rescale) survive the trip and bad ones are refused; an acknowledgement's handle summary
/// is refused when it names foreign operators or claims more than its file holds; a TaskManager's storage writes only
/// into an existing checkpoint directory, keeps small states inline, and leaves nothing when the directory is gone.
/// </summary>
public sealed class StateHandleMessagesTests : IDisposable
{
    private static readonly ResourceId Self = ResourceId.Generate();
    private static readonly string Vertex = HexId.NewHex();
    private static readonly string Head = HexId.NewHex();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-handle-msgs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static TaskDeployment Deployment(OperatorRestore restore, string checkpointDirectory = "/shared/checkpoints/job")
    {
        var m = new TaskDeployment
        {
            Attempt = new TaskAttempt { ResourceId = Self.Hex, JobId = HexId.NewHex(), AttemptId = HexId.NewHex() },
            JobName = "Job", VertexId = Vertex, SubtaskIndex = 0, SlotIndex = 0,
            Package = new JobPackage { BlobKey = new string('a', 64) },
            Checkpointing = new TaskCheckpointing { AlignedTimeoutMs = -1, CheckpointDirectory = checkpointDirectory, FileStateSizeThreshold = 20 << 10 },
        };
        var v = new VertexDeployment { VertexId = Vertex, Parallelism = 2 };
        v.OperatorIds.Add(Head);
        v.OperatorNames.Add("Head");
        m.Vertices.Add(v);
        m.Restore = new TaskRestore { CheckpointId = 4 };
        m.Restore.Operators.Add(restore);
        return m;
    }

    private static OperatorRestore WithParts()
    {
        var o = new OperatorRestore { OperatorId = Head, StateParts = true };
        o.KeyedStateParts.Add(new Cluster.Rpc.Protocol.StatePart { File = new StateFile { Path = "/shared/checkpoints/job/chk-4/v-0", Size = 100 } });
        o.KeyedStateParts.Add(new Cluster.Rpc.Protocol.StatePart { Inline = ByteString.CopyFrom(1, 2) });
        o.OperatorStateParts.Add(new Cluster.Rpc.Protocol.StatePart { File = new StateFile { Path = "/shared/checkpoints/job/chk-4/v-1", Size = 90 } });
        o.InFlightParts.Add(new Cluster.Rpc.Protocol.ChannelStatePart
        {
            File = new StateFile { Path = "/shared/checkpoints/job/chk-4/v-1", Size = 90 }, Select = true, OldSubtask = 1, MaxParallelism = 128, Parallelism = 2,
            SubtaskIndex = 0,
        });
        return o;
    }

    [Fact]
    public void A_deployment_names_the_checkpoint_directory_and_hands_over_state_files_as_handles()
    {
        var (request, error) = DeploymentMessages.FromMessage(Deployment(WithParts()), Self);
        Assert.Null(error);
        Assert.Equal("/shared/checkpoints/job", request!.CheckpointSettings.Directory);
        Assert.Equal(20 << 10, request.CheckpointSettings.FileStateSizeThreshold);
        var restore = request.Restore!.Operators[Head];
        Assert.True(restore.HasFileParts);
        Assert.Equal(new RuntimeHandle("/shared/checkpoints/job/chk-4/v-0", 100), restore.KeyedStateParts[0].File);
        Assert.Equal([1, 2], restore.KeyedStateParts[1].Bytes);
        Assert.Equal(new ChannelStateSelection(1, 128, 2, 0), restore.InputChannelStateParts.Single().Selection);
        // The task reads the files when it restores: a file that is not there fails the restore naming it.
        var e = Assert.Throws<InvalidDataException>(() => restore.KeyedStates);
        Assert.Contains("'/shared/checkpoints/job/chk-4/v-0' does not exist", e.Message);
    }

    [Theory]
    [InlineData("relative", "is not an absolute path")]
    [InlineData("negative", "negative size")]
    [InlineData("empty part", "neither bytes nor a state file")]
    [InlineData("bad selection", "out of range")]
    [InlineData("mixed", "both state parts and inline state")]
    [InlineData("directory", "The checkpoint directory 'chk' is not an absolute path.")]
    public void Bad_state_parts_are_refused(string corruption, string expected)
    {
        var o = WithParts();
        var directory = "/shared/checkpoints/job";
        switch (corruption)
        {
            case "relative": o.KeyedStateParts[0].File.Path = "../chk-4/v-0"; break;
            case "negative": o.KeyedStateParts[0].File.Size = -1; break;
            case "empty part": o.OperatorStateParts.Add(new Cluster.Rpc.Protocol.StatePart()); break;
            case "bad selection": o.InFlightParts[0].SubtaskIndex = 2; break;
            case "mixed": o.KeyedStates.Add(ByteString.CopyFrom(1)); break;
            case "directory": directory = "chk"; break;
        }
        var (request, error) = DeploymentMessages.FromMessage(Deployment(o, directory), Self);
        Assert.Null(request);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_restore_with_files_travels_as_handles_and_inline_state_as_bytes()
    {
        var reader = new TaskStateFileReader();
        var withFile = new OperatorRestoreState(Head, [new Runtime.Checkpointing.StatePart(null, new RuntimeHandle("/x/chk-1/v-0", 5))], [Runtime.Checkpointing.StatePart.Of([3])], [[4]],
            [new Runtime.Checkpointing.ChannelStatePart(null, new RuntimeHandle("/x/chk-1/v-0", 5), null)], reader);
        var message = DeploymentMessages.ToMessage(new JobManagerTaskRestore(1, new Dictionary<string, OperatorRestoreState> { [Head] = withFile }, false));
        var op = message.Operators.Single();
        Assert.True(op.StateParts);
        Assert.Empty(op.KeyedStates);
        Assert.Equal("/x/chk-1/v-0", op.KeyedStateParts.Single().File.Path);
        Assert.Equal([3], op.OperatorStateParts.Single().Inline.ToByteArray());
        Assert.Equal([4], op.SourceSplits.Single().ToByteArray());
        var inline = DeploymentMessages.ToMessage(new JobManagerTaskRestore(1, new Dictionary<string, OperatorRestoreState>
        {
            [Head] = new([[1]], [[2]], [], [new InputChannelStateEntry(1, 3, [5])]),
        }, false));
        Assert.False(inline.Operators.Single().StateParts);
        Assert.Equal([1], inline.Operators.Single().KeyedStates.Single().ToByteArray());
        Assert.Equal(3, inline.Operators.Single().InFlight.Single().KeyGroup);
    }

    [Fact]
    public void A_handle_summary_naming_foreign_operators_or_more_than_its_file_is_refused()
    {
        var file = new RuntimeHandle("/x/chk-1/v-0", 1000);
        var operators = new HashSet<string>(StringComparer.Ordinal) { Head };
        var ok = new Cluster.Rpc.Protocol.TaskStateHandle { File = new StateFile { Path = file.FilePath, Size = file.Size } };
        ok.Operators.Add(new OperatorStateSummary { OperatorId = Head, KeyedStateSize = 600, OperatorStateSize = -1, InFlightSize = -1 });
        var (state, error) = DeploymentMessages.FromMessage(ok, file, operators);
        Assert.Null(error);
        var op = state!.Operators[Head];
        Assert.Equal(file, op.StateHandle);
        Assert.Equal(600, op.StateSize);
        Assert.False(op.HasOperatorState);

        var foreign = ok.Clone();
        foreign.Operators[0].OperatorId = HexId.NewHex();
        Assert.Contains("not an operator of the subtask's vertex", DeploymentMessages.FromMessage(foreign, file, operators).Error);
        var twice = ok.Clone();
        twice.Operators.Add(ok.Operators[0].Clone());
        Assert.Contains("listed twice", DeploymentMessages.FromMessage(twice, file, operators).Error);
        var larger = ok.Clone();
        larger.Operators[0].OperatorStateSize = 500;
        Assert.Contains("more than the 1000 bytes", DeploymentMessages.FromMessage(larger, file, operators).Error);
        var negative = ok.Clone();
        negative.Operators[0].KeyedStateSize = -5;
        Assert.Contains("out of range", DeploymentMessages.FromMessage(negative, file, operators).Error);
    }

    [Fact]
    public void A_taskmanagers_storage_writes_only_into_the_checkpoints_existing_directory_and_keeps_small_states_inline()
    {
        var vertex = JobVertexId.Generate();
        var state = new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { [Head] = new(new byte[4096], null, null) }, false);
        var storage = new TaskManagerCheckpointStorage(_dir, 1024, Self);
        // The JobManager has not created chk-1 (or discarded it): nothing is written, nothing is created.
        var e = Assert.Throws<IOException>(() => storage.PersistTaskState(1, vertex, 0, state));
        Assert.Contains($"does not exist on TaskManager {Self}", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "chk-1")));

        Directory.CreateDirectory(Path.Combine(_dir, "chk-1"));
        var path = storage.PersistTaskState(1, vertex, 0, state);
        Assert.Equal(Path.Combine(_dir, "chk-1", FileSystemCheckpointStorage.TaskStateFileName(vertex, 0)), path);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.Combine(_dir, "chk-1")).Select(Path.GetFileName));
        Assert.Equal(4096, TaskStateFileReader.ReadUncached(new RuntimeHandle(path!, new FileInfo(path!).Length)).Operators[Head].KeyedState!.Length);

        var small = new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { [Head] = new([1, 2, 3], null, null) }, false);
        Assert.Null(storage.PersistTaskState(2, vertex, 0, small));
    }
}

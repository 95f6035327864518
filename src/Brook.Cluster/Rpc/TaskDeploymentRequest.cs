using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Tasks;

namespace Brook.Cluster.Rpc;

/// <summary>
/// A validated <see cref="Protocol.TaskDeployment"/>: everything a TaskManager process needs to rebuild the attempt's
/// <see cref="TaskDeploymentDescriptor"/> with its own job graph, shuffle and connections back to the JobMaster.
/// </summary>
internal sealed record TaskDeploymentRequest(
    JobId JobId,
    string JobName,
    ExecutionAttemptId AttemptId,
    JobVertexId VertexId,
    int SubtaskIndex,
    int AttemptNumber,
    int SlotIndex,
    JobPackageReference Package,
    IReadOnlyList<TaskDeploymentRequest.Vertex> Vertices,
    TaskDeploymentRequest.Checkpointing CheckpointSettings,
    TimeSpan BufferTimeout,
    JobManagerTaskRestore? Restore,
    Runtime.Network.ShuffleDeploymentDescriptor? Shuffle)
{
    /// <summary>A vertex of the job as the JobManager runs it: its current parallelism and its operator ids in chain order.</summary>
    public sealed record Vertex(JobVertexId Id, int Parallelism, IReadOnlyList<OperatorId> OperatorIds, IReadOnlyList<string> OperatorNames);

    public sealed record Checkpointing(CheckpointingMode Mode, bool Periodic, bool CheckpointsAfterTasksFinish, TimeSpan? AlignedCheckpointTimeout)
    {
        /// <summary>The job's checkpoint directory on the shared file system, into whose chk-n the tasks write their state files; null: JobManager memory.</summary>
        public string? Directory { get; init; }

        /// <summary>state.storage.fs.memory-threshold: smaller states travel inside the acknowledgement.</summary>
        public long FileStateSizeThreshold { get; init; }
    }

    /// <summary>The expected operator ids of every vertex, as the job graph library checks them.</summary>
    public IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> ExpectedOperatorIds => Vertices.ToDictionary(v => v.Id, v => v.OperatorIds);

    /// <summary>The JobManager's name of every operator.</summary>
    public IReadOnlyDictionary<OperatorId, string> OperatorNames =>
        Vertices.SelectMany(v => v.OperatorIds.Zip(v.OperatorNames)).GroupBy(x => x.First).ToDictionary(g => g.Key, g => g.First().Second);
}

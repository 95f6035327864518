using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>
/// An immutable snapshot of a job's ExecutionGraph (Flink's ArchivedExecutionGraph): what every REST
/// view of a job is built from. Times are epoch milliseconds; -1 means "not yet".
/// </summary>
public sealed record ArchivedExecutionGraph(
    JobId JobId,
    string JobName,
    JobStatus Status,
    long StartTime,
    long EndTime,
    long Duration,
    long SnapshotTime,
    IReadOnlyDictionary<JobStatus, long> StatusTimestamps,
    IReadOnlyList<ArchivedExecutionJobVertex> Vertices,
    ErrorInfo? FailureInfo,
    IReadOnlyList<ErrorInfo> ExceptionHistory,
    IReadOnlyList<ArchivedAccumulator> Accumulators,
    int MaxParallelism)
{
    public ArchivedExecutionJobVertex? Vertex(JobVertexId id) => Vertices.FirstOrDefault(v => v.Id == id);

    /// <summary>The job's checkpointing settings; null when checkpointing is off.</summary>
    public Checkpointing.CheckpointCoordinatorConfiguration? CheckpointConfiguration { get; init; }

    /// <summary>The checkpoint statistics (kept after the job ended); null when checkpointing is off.</summary>
    public Checkpointing.CheckpointStatsSnapshot? CheckpointStatistics { get; init; }

    /// <summary>Whether the job can be stopped with a savepoint: every source can replay what it read (Flink's isStoppable).</summary>
    public bool IsStoppable { get; init; }

    /// <summary>STREAMING or BATCH (the REST "job-type").</summary>
    public Core.Configuration.JobType JobType { get; init; } = Core.Configuration.JobType.STREAMING;
}

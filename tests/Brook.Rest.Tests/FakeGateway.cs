using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Tests;

/// <summary>A gateway over fixed snapshots, for building the endpoint table without a cluster.</summary>
internal sealed class FakeGateway : IRestfulGateway
{
    public ClusterInformation Cluster { get; init; } = new([], 3000, new EnvironmentSnapshot("v", "x64", [], []),
        new LogLocation(Path.GetTempPath(), () => null, "none.out"));

    public List<TaskManagerSnapshot> TaskManagers { get; } = [];

    public List<JobDetailsSnapshot> Jobs { get; } = [];

    public int ShutdownRequests { get; private set; }

    public IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers() => TaskManagers;

    public TaskManagerSnapshot? RequestTaskManager(ResourceId id) => TaskManagers.FirstOrDefault(t => t.Id == id);

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() => Jobs;

    public Dictionary<JobId, ExecutionGraphInfo> ExecutionGraphs { get; } = [];

    public ExecutionGraphInfo? RequestExecutionGraph(JobId jobId) => ExecutionGraphs.GetValueOrDefault(jobId);

    public List<JobId> CancelRequests { get; } = [];

    public JobCancellationResult CancelJob(JobId jobId)
    {
        if (!ExecutionGraphs.TryGetValue(jobId, out var info)) return JobCancellationResult.NotFound;
        CancelRequests.Add(jobId);
        return info.Graph.Status.IsGloballyTerminal()
            ? new JobCancellationResult(JobCancellationOutcome.AlreadyTerminal, info.Graph.Status)
            : JobCancellationResult.Accepted;
    }

    public Dictionary<Brook.Rest.Async.AsynchronousJobOperationKey, Brook.Rest.Async.OperationResult<long>> CheckpointTriggers { get; } = [];

    /// <summary>Registers a trigger once per key, in progress until a test sets its result.</summary>
    public void TriggerCheckpoint(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        CheckpointTriggers.TryAdd(key, Brook.Rest.Async.OperationResult<long>.InProgress);

    public Brook.Rest.Async.OperationResult<long>? RequestCheckpointTriggerStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        CheckpointTriggers.GetValueOrDefault(key);

    public string? DefaultSavepointDirectory { get; set; }

    public Dictionary<Brook.Rest.Async.AsynchronousJobOperationKey, (string Directory, bool CancelOrDrain, Brook.Runtime.Checkpointing.SavepointFormatType Format, bool Stop)> SavepointRequests { get; } = [];

    public Dictionary<Brook.Rest.Async.AsynchronousJobOperationKey, Brook.Rest.Async.OperationResult<string>> SavepointResults { get; } = [];

    public void TriggerSavepoint(Brook.Rest.Async.AsynchronousJobOperationKey key, string targetDirectory, bool cancelJob, Brook.Runtime.Checkpointing.SavepointFormatType format)
    {
        if (SavepointRequests.TryAdd(key, (targetDirectory, cancelJob, format, false))) SavepointResults[key] = Brook.Rest.Async.OperationResult<string>.InProgress;
    }

    public void StopWithSavepoint(Brook.Rest.Async.AsynchronousJobOperationKey key, string targetDirectory, bool drain, Brook.Runtime.Checkpointing.SavepointFormatType format)
    {
        if (SavepointRequests.TryAdd(key, (targetDirectory, drain, format, true))) SavepointResults[key] = Brook.Rest.Async.OperationResult<string>.InProgress;
    }

    public Brook.Rest.Async.OperationResult<string>? RequestSavepointStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) => SavepointResults.GetValueOrDefault(key);

    public Dictionary<Brook.Rest.Async.OperationKey, string> Disposals { get; } = [];

    public void DisposeSavepoint(Brook.Rest.Async.OperationKey key, string savepointPath) => Disposals[key] = savepointPath;

    public Brook.Rest.Async.OperationResult<string>? RequestSavepointDisposalStatus(Brook.Rest.Async.OperationKey key) =>
        Disposals.ContainsKey(key) ? Brook.Rest.Async.OperationResult<string>.InProgress : null;

    public Dictionary<IntermediateDataSetId, Brook.Runtime.Partitions.DataSetMetaInfo> DataSets { get; } = [];

    public Dictionary<Brook.Rest.Async.OperationKey, IntermediateDataSetId> DataSetReleases { get; } = [];

    public IReadOnlyDictionary<IntermediateDataSetId, Brook.Runtime.Partitions.DataSetMetaInfo> RequestClusterDataSets() => DataSets;

    public void ReleaseClusterDataSet(Brook.Rest.Async.OperationKey key, IntermediateDataSetId dataSet) => DataSetReleases[key] = dataSet;

    public Brook.Rest.Async.OperationResult<bool>? RequestClusterDataSetDeleteStatus(Brook.Rest.Async.OperationKey key) =>
        DataSetReleases.ContainsKey(key) ? Brook.Rest.Async.OperationResult<bool>.InProgress : null;
    public Dictionary<Brook.Rest.Async.AsynchronousJobOperationKey, Brook.Rest.Async.OperationResult<bool>> Rescalings { get; } = [];

    /// <summary>Registers a rescale of a known job, in progress until a test sets its result.</summary>
    public TriggerId? TriggerRescaling(JobId jobId, int parallelism)
    {
        if (!ExecutionGraphs.ContainsKey(jobId)) return null;
        var key = new Brook.Rest.Async.AsynchronousJobOperationKey(TriggerId.Generate(), jobId);
        Rescalings[key] = Brook.Rest.Async.OperationResult<bool>.InProgress;
        return key.TriggerId;
    }

    public Brook.Rest.Async.OperationResult<bool>? RequestRescalingStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) => Rescalings.GetValueOrDefault(key);

    public Dictionary<JobId, Brook.Runtime.JobGraph.JobResourceRequirements> ResourceRequirements { get; } = [];

    public Brook.Runtime.JobGraph.JobResourceRequirements RequestJobResourceRequirements(JobId jobId) =>
        ResourceRequirements.TryGetValue(jobId, out var r) ? r : throw new Brook.Rest.Handlers.FlinkJobNotFoundException(jobId);

    public void UpdateJobResourceRequirements(JobId jobId, Brook.Runtime.JobGraph.JobResourceRequirements requirements) =>
        ResourceRequirements[jobId] = requirements;

    public bool ReportJobClientHeartbeat(JobId jobId, long expiredTimestamp) => ExecutionGraphs.ContainsKey(jobId);

    public IJarGateway Jars { get; init; } = new FakeJarGateway();

    public IDiagnosticsGateway Diagnostics => FakeDiagnostics;

    public FakeDiagnosticsGateway FakeDiagnostics { get; init; } = new();

    public string RestAddress { get; init; } = "http://localhost:8081";

    public ProcessMetricsSnapshot RequestProcessMetrics() => new(1, 2, 3, 4, 5, -1, []);

    public void ShutDownCluster() => ShutdownRequests++;
}

/// <summary>A jar gateway with no packages: every jar id is unknown.</summary>
internal sealed class FakeJarGateway : IJarGateway
{
    public Task<string> UploadAsync(string uploadedFile, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult(Path.Combine("/uploads", Path.GetFileName(fileName)));

    public IReadOnlyList<JarSnapshot> List() => [];

    public void Delete(string jarId) => throw Unknown(jarId);

    public Task<JobPlanSnapshot> PlanAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken) => throw Unknown(jarId);

    public Task<JobId> RunAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken) => throw Unknown(jarId);

    private static RestHandlerException Unknown(string jarId) => new($"Jar file /uploads/{jarId} does not exist", 400);
}

using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.JobManager;

/// <summary>The REST handlers' view of a cluster: snapshots from the ResourceManager and the Dispatcher.</summary>
internal sealed class LocalClusterGateway(
    ClusterInformation cluster,
    ResourceManager resourceManager,
    Dispatcher dispatcher,
    IJarGateway jars,
    Action shutDown) : IRestfulGateway
{
    public ClusterInformation Cluster { get; } = cluster;

    public IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers() => resourceManager.Snapshot();

    public TaskManagerSnapshot? RequestTaskManager(ResourceId id) => resourceManager.Get(id);

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() => dispatcher.RequestJobs();

    public ExecutionGraphInfo? RequestExecutionGraph(JobId jobId) => dispatcher.RequestExecutionGraph(jobId);

    public JobCancellationResult CancelJob(JobId jobId) => dispatcher.CancelJob(jobId);

    public void TriggerCheckpoint(Brook.Rest.Async.AsynchronousJobOperationKey key) => dispatcher.TriggerCheckpoint(key);

    public Brook.Rest.Async.OperationResult<long>? RequestCheckpointTriggerStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        dispatcher.RequestCheckpointTriggerStatus(key);

    public string? DefaultSavepointDirectory => dispatcher.DefaultSavepointDirectory;

    public void TriggerSavepoint(Brook.Rest.Async.AsynchronousJobOperationKey key, string targetDirectory, bool cancelJob, Brook.Runtime.Checkpointing.SavepointFormatType format) =>
        dispatcher.TriggerSavepoint(key, targetDirectory, cancelJob, format);

    public void StopWithSavepoint(Brook.Rest.Async.AsynchronousJobOperationKey key, string targetDirectory, bool drain, Brook.Runtime.Checkpointing.SavepointFormatType format) =>
        dispatcher.StopWithSavepoint(key, targetDirectory, drain, format);

    public Brook.Rest.Async.OperationResult<string>? RequestSavepointStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) => dispatcher.RequestSavepointStatus(key);

    public void DisposeSavepoint(Brook.Rest.Async.OperationKey key, string savepointPath) => dispatcher.DisposeSavepoint(key, savepointPath);

    public Brook.Rest.Async.OperationResult<string>? RequestSavepointDisposalStatus(Brook.Rest.Async.OperationKey key) => dispatcher.RequestSavepointDisposalStatus(key);

    public IReadOnlyDictionary<IntermediateDataSetId, Brook.Runtime.Partitions.DataSetMetaInfo> RequestClusterDataSets() => dispatcher.ListClusterDataSets();

    public void ReleaseClusterDataSet(Brook.Rest.Async.OperationKey key, IntermediateDataSetId dataSet) => dispatcher.ReleaseClusterDataSet(key, dataSet);

    public Brook.Rest.Async.OperationResult<bool>? RequestClusterDataSetDeleteStatus(Brook.Rest.Async.OperationKey key) =>
        dispatcher.RequestClusterDataSetDeleteStatus(key);
    public TriggerId? TriggerRescaling(JobId jobId, int parallelism) => dispatcher.TriggerRescaling(jobId, parallelism);

    public Brook.Rest.Async.OperationResult<bool>? RequestRescalingStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) => dispatcher.RequestRescalingStatus(key);

    public Brook.Runtime.JobGraph.JobResourceRequirements RequestJobResourceRequirements(JobId jobId) => dispatcher.RequestJobResourceRequirements(jobId);

    public void UpdateJobResourceRequirements(JobId jobId, Brook.Runtime.JobGraph.JobResourceRequirements requirements) =>
        dispatcher.UpdateJobResourceRequirements(jobId, requirements);

    public bool ReportJobClientHeartbeat(JobId jobId, long expiredTimestamp) => dispatcher.ReportJobClientHeartbeat(jobId, expiredTimestamp);

    public IJarGateway Jars { get; } = jars;

    public required IDiagnosticsGateway Diagnostics { get; init; }

    /// <summary>Set once the REST endpoint listens (its port is only known then).</summary>
    public string RestAddress { get; set; } = "";

    public ProcessMetricsSnapshot RequestProcessMetrics() => ProcessInformation.Metrics();

    public void ShutDownCluster() => shutDown();

    /// <summary>The process's metric registry (JobManager and TaskManagers of the local cluster share it).</summary>
    public Brook.Runtime.Metrics.MetricRegistry? MetricRegistry { get; init; }

    public IReadOnlyList<Brook.Runtime.Metrics.MetricDump> RequestMetricDump() =>
        RemoteMetricDumps is null ? MetricRegistry?.Dump() ?? [] : [.. MetricRegistry?.Dump() ?? [], .. RemoteMetricDumps()];

    /// <summary>The metrics of the TaskManager processes registered over RPC, asked of them at this moment.</summary>
    public Func<IReadOnlyList<Brook.Runtime.Metrics.MetricDump>>? RemoteMetricDumps { get; init; }

    public TimeSpan MetricFetcherUpdateInterval { get; init; } = TimeSpan.FromSeconds(10);
}

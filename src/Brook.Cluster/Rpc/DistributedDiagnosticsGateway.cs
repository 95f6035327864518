using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;

namespace Brook.Cluster.Rpc;

/// <summary>
/// Diagnostics of a JobManager process: its own thread dump here, and a TaskManager process's thread dump, log list and
/// files asked of that process over RPC. TaskManagers inside this process (none under `brook jobmanager`) are served by
/// the local gateway.
/// </summary>
internal sealed class DistributedDiagnosticsGateway(IDiagnosticsGateway local, RemoteTaskExecutors remote) : IDiagnosticsGateway
{
    public Task<IReadOnlyList<ThreadInfoSample>> RequestJobManagerThreadDumpAsync(int maxDepth, CancellationToken cancellationToken) =>
        local.RequestJobManagerThreadDumpAsync(maxDepth, cancellationToken);

    public Task<IReadOnlyList<ThreadInfoSample>?> RequestTaskManagerThreadDumpAsync(ResourceId taskManager, int maxDepth, CancellationToken cancellationToken) =>
        remote.IsRemote(taskManager)
            ? remote.RequestThreadDumpAsync(taskManager, maxDepth, cancellationToken)
            : local.RequestTaskManagerThreadDumpAsync(taskManager, maxDepth, cancellationToken);

    /// <summary>
    /// Attempts in this process are sampled here; those in TaskManager processes by one call per process, at the same
    /// time, as Flink's ThreadInfoRequestCoordinator asks each TaskExecutor.
    /// </summary>
    public async Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(
        IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)> tasks, ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        var calls = tasks.Where(t => remote.IsRemote(t.TaskManager)).GroupBy(t => t.TaskManager)
            .Select(g => remote.RequestThreadInfoSamplesAsync(g.Key, g.Select(t => t.Attempt).ToList(), request, cancellationToken))
            .Append(local.RequestThreadInfoSamplesAsync(tasks.Where(t => !remote.IsRemote(t.TaskManager)).ToList(), request, cancellationToken))
            .ToList();
        var answers = await Task.WhenAll(calls);
        return answers.SelectMany(a => a).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public TaskManagerLogLocation? RequestTaskManagerLogs(ResourceId taskManager) => local.RequestTaskManagerLogs(taskManager);

    public Task<LogListInfo?> RequestTaskManagerLogListAsync(ResourceId taskManager, CancellationToken cancellationToken) =>
        remote.IsRemote(taskManager) ? remote.RequestLogListAsync(taskManager, cancellationToken) : local.RequestTaskManagerLogListAsync(taskManager, cancellationToken);

    public Task<string?> RequestTaskManagerFileAsync(ResourceId taskManager, TaskManagerFileType type, string? fileName, CancellationToken cancellationToken) =>
        remote.IsRemote(taskManager)
            ? remote.RequestFileAsync(taskManager, type, fileName, cancellationToken)
            : local.RequestTaskManagerFileAsync(taskManager, type, fileName, cancellationToken);
}

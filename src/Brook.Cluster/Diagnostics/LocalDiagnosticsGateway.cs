using Brook.Cluster.Logging;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;

namespace Brook.Cluster.Diagnostics;

/// <summary>
/// Thread dumps, samples and log files of a local cluster, where the JobManager and every TaskManager share one process:
/// the JobManager's dump is every managed thread of the process; a TaskManager's dump and samples are its task threads.
/// </summary>
internal sealed class LocalDiagnosticsGateway(
    IStackSampler sampler,
    Func<IReadOnlyList<Runtime.TaskExecutor.TaskExecutor>> taskExecutors,
    Func<ResourceId, TaskManagerLogging?> logs,
    Func<ResourceId, bool> isRegistered) : IDiagnosticsGateway
{
    public Task<IReadOnlyList<ThreadInfoSample>> RequestJobManagerThreadDumpAsync(int maxDepth, CancellationToken cancellationToken)
    {
        // Task threads by their full managed names; the OS keeps only 15 characters of a name.
        var taskThreads = new Dictionary<long, string>();
        foreach (var te in taskExecutors())
        {
            foreach (var (id, name) in te.TaskThreads()) taskThreads[id] = name;
        }
        return ThreadDumper.DumpAsync(sampler, _ => true, id => taskThreads.TryGetValue(id, out var name) ? name : OsThreads.Name(id), maxDepth, cancellationToken);
    }

    public async Task<IReadOnlyList<ThreadInfoSample>?> RequestTaskManagerThreadDumpAsync(ResourceId taskManager, int maxDepth, CancellationToken cancellationToken)
    {
        var te = Find(taskManager);
        return te is null ? null : await te.RequestThreadDumpAsync(maxDepth, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(
        IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)> tasks, ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        // One request per TaskManager for all of its attempts, as Flink's coordinator sends them.
        var requests = tasks.GroupBy(t => t.TaskManager)
            .Select(g => (TaskExecutor: Find(g.Key), Attempts: g.Select(t => t.Attempt).ToList()))
            .Where(r => r.TaskExecutor is not null)
            .Select(r => r.TaskExecutor!.RequestThreadInfoSamplesAsync(r.Attempts, request, cancellationToken))
            .ToList();
        var answers = await Task.WhenAll(requests);
        return answers.SelectMany(a => a).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public TaskManagerLogLocation? RequestTaskManagerLogs(ResourceId taskManager)
    {
        if (!isRegistered(taskManager) || logs(taskManager) is not { } tm) return null;
        return new TaskManagerLogLocation(new LogLocation(tm.Files.Directory, tm.Files.CurrentLogFile, tm.Files.StdoutFileName), tm.Owns);
    }

    private Runtime.TaskExecutor.TaskExecutor? Find(ResourceId id) => isRegistered(id) ? taskExecutors().FirstOrDefault(t => t.Id == id) : null;
}

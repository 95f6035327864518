using Brook.Core.Ids;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;

namespace Brook.Rest.Gateway;

/// <summary>
/// What the thread dump, flame graph and TaskManager log handlers ask the cluster: stacks sampled on request (nothing
/// is sampled otherwise) and where each TaskManager keeps its log files.
/// </summary>
public interface IDiagnosticsGateway
{
    /// <summary>Every managed thread of the JobManager's process with its current stack.</summary>
    Task<IReadOnlyList<ThreadInfoSample>> RequestJobManagerThreadDumpAsync(int maxDepth, CancellationToken cancellationToken);

    /// <summary>The TaskManager's task threads with their current stacks; null for an unknown TaskManager.</summary>
    Task<IReadOnlyList<ThreadInfoSample>?> RequestTaskManagerThreadDumpAsync(ResourceId taskManager, int maxDepth, CancellationToken cancellationToken);

    /// <summary>
    /// Samples the threads of the given attempts, each on the TaskManager it runs on (Flink's ThreadInfoRequestCoordinator);
    /// attempts that are no longer running are missing from the answer.
    /// </summary>
    Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(
        IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)> tasks, ThreadInfoSamplesRequest request, CancellationToken cancellationToken);

    /// <summary>The TaskManager's log directory and its current log and stdout files; null for an unknown TaskManager.</summary>
    TaskManagerLogLocation? RequestTaskManagerLogs(ResourceId taskManager);

    /// <summary>
    /// The TaskManager's log files; null for an unknown TaskManager. A TaskManager in this process lists its directory;
    /// a TaskManager process is asked over RPC.
    /// </summary>
    Task<Messages.LogListInfo?> RequestTaskManagerLogListAsync(ResourceId taskManager, CancellationToken cancellationToken) =>
        Task.FromResult(RequestTaskManagerLogs(taskManager) is { } logs ? Handlers.TaskManagerLogHandlers.List(logs) : null);

    /// <summary>
    /// A path in this process to serve one of the TaskManager's files from (its current log, its stdout, or a file of its
    /// log directory by name); null for an unknown TaskManager, NotFoundException for a file it does not have. A
    /// TaskManager process uploads the file over RPC first, as Flink's TaskExecutor uploads it to the BlobServer.
    /// </summary>
    Task<string?> RequestTaskManagerFileAsync(ResourceId taskManager, TaskManagerFileType type, string? fileName, CancellationToken cancellationToken)
    {
        if (RequestTaskManagerLogs(taskManager) is not { } logs) return Task.FromResult<string?>(null);
        return Task.FromResult<string?>(Handlers.TaskManagerLogHandlers.Resolve(logs, type switch
        {
            TaskManagerFileType.Log => logs.Logs.CurrentLogFile(),
            TaskManagerFileType.Stdout => logs.Logs.StdoutFile,
            _ => fileName,
        }));
    }
}


/// <summary>Where a TaskManager's files are: its log directory, the names that belong to it there, its current log and stdout.</summary>
/// <param name="Logs">The log directory with the current log file and the stdout file of this TaskManager.</param>
/// <param name="Owns">Whether a file name of the directory is one of this TaskManager's (its log, rolled logs, stdout).</param>
public sealed record TaskManagerLogLocation(LogLocation Logs, Func<string, bool> Owns);

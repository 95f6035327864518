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
}

/// <summary>Where a TaskManager's files are: its log directory, the names that belong to it there, its current log and stdout.</summary>
/// <param name="Logs">The log directory with the current log file and the stdout file of this TaskManager.</param>
/// <param name="Owns">Whether a file name of the directory is one of this TaskManager's (its log, rolled logs, stdout).</param>
public sealed record TaskManagerLogLocation(LogLocation Logs, Func<string, bool> Owns);

using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>
/// A TaskManager's log files: the listing, the current log, stdout and any of its files by name. Only the files that
/// belong to the TaskManager are listed or served, with the same rules as the JobManager's (regular files directly in
/// the log directory, no path traversal).
/// </summary>
public static class TaskManagerLogHandlers
{
    public static LogListInfo List(TaskManagerLogLocation logs)
    {
        var all = LogFileHandlers.List(logs.Logs);
        return new LogListInfo(all.Logs.Where(l => logs.Owns(l.Name)).ToList());
    }

    public static string Resolve(TaskManagerLogLocation logs, string? fileName)
    {
        if (fileName is not null && !logs.Owns(fileName)) throw new NotFoundException($"The file {fileName} does not exist in the log directory.");
        return LogFileHandlers.Resolve(logs.Logs, fileName);
    }

    /// <summary>TaskManagerLogListHandler's and TaskManagerThreadDumpHandler's 404.</summary>
    public static RestHandlerException UnknownTaskManager(ResourceId id) => new($"Could not find TaskExecutor {id}", 404, new Exception($"No TaskExecutor registered under {id}."));

    /// <summary>AbstractTaskManagerFileHandler's 404.</summary>
    public static NotFoundException UnknownTaskManagerFile(ResourceId id) =>
        new($"Failed to transfer file from TaskExecutor {id} because it was unknown.", new Exception($"No TaskExecutor registered under {id}."));
}

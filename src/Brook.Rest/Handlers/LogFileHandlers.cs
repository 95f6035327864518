using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>
/// The JobManager's log files: the listing, the current log, stdout and any file of the log directory by name. Only
/// regular files directly in the log directory are listed or served: a FIFO, socket or device there is never opened,
/// and a symbolic link counts only if it ends at a regular file of the log directory itself.
/// </summary>
public static class LogFileHandlers
{
    public const string PlainText = "text/plain";

    public static LogListInfo List(LogLocation logs)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(logs.Directory));
        if (!dir.Exists) return new LogListInfo([]);
        return new LogListInfo(dir.EnumerateFiles()
            .Where(f => IsServable(dir.FullName, f))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new LogInfo(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds()))
            .ToList());
    }

    /// <summary>Resolves a file name inside the log directory; names that leave it, and files that are not regular, are not found.</summary>
    public static string Resolve(LogLocation logs, string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) throw new NotFoundException("This process has no log file.");
        var dir = Path.GetFullPath(logs.Directory);
        var file = new FileInfo(Path.Combine(dir, fileName));
        var inDir = fileName is not ("." or "..") && !fileName.Contains('/') && !fileName.Contains('\\')
                    && string.Equals(file.DirectoryName, dir.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        if (!inDir || !IsServable(dir, file))
        {
            throw new NotFoundException($"The file {fileName} does not exist in the log directory.");
        }
        return file.FullName;
    }

    private static bool IsServable(string dir, FileInfo file)
    {
        if (!file.Exists) return false;
        if (file.LinkTarget is not null)
        {
            var target = file.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !string.Equals(Path.GetDirectoryName(target.FullName), dir.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                return false;
            }
        }
        return RegularFiles.IsRegularFile(file.FullName);
    }
}

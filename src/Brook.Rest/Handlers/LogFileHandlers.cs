using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>The JobManager's log files: the listing, the current log, stdout and any file of the log directory by name.</summary>
public static class LogFileHandlers
{
    public const string PlainText = "text/plain";

    public static LogListInfo List(LogLocation logs)
    {
        var dir = new DirectoryInfo(logs.Directory);
        if (!dir.Exists) return new LogListInfo([]);
        return new LogListInfo(dir.EnumerateFiles()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new LogInfo(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds()))
            .ToList());
    }

    /// <summary>Resolves a file name inside the log directory; names that leave the directory are not found.</summary>
    public static string Resolve(LogLocation logs, string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) throw new NotFoundException("This process has no log file.");
        var dir = Path.GetFullPath(logs.Directory);
        var path = Path.GetFullPath(Path.Combine(dir, fileName));
        var inDir = Path.GetDirectoryName(path) is { } parent
                    && string.Equals(parent.TrimEnd(Path.DirectorySeparatorChar), dir.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        if (!inDir || fileName.Contains('/') || fileName.Contains('\\') || !File.Exists(path))
        {
            throw new NotFoundException($"The file {fileName} does not exist in the log directory.");
        }
        return path;
    }
}

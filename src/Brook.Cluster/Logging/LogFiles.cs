using Brook.Core.Configuration;

namespace Brook.Cluster.Logging;

/// <summary>
/// Where a process role writes its log and stdout: log.file if set, else &lt;env.log.dir&gt;/&lt;role&gt;.log, with the
/// stdout copy beside it as &lt;role&gt;.out; the log rolls at <c>log.file.max-size</c>, keeping <c>log.file.max-files</c>
/// rolled-over files.
/// </summary>
public sealed record LogFiles(string Directory, string LogFileName, string StdoutFileName)
{
    public string LogPath => Path.Combine(Directory, LogFileName);

    public string StdoutPath => Path.Combine(Directory, StdoutFileName);

    public long MaxFileSize { get; init; } = LogFileOptions.MaxSize.Default;

    public int MaxRolledFiles { get; init; } = LogFileOptions.MaxFiles.Default;

    public static LogFiles For(Configuration config, string role)
    {
        var logFile = config.Get(CoreOptions.LogFile);
        var path = Path.GetFullPath(logFile ?? Path.Combine(config.Get(CoreOptions.LogDir), role + ".log"));
        var dir = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        return new LogFiles(dir, name, Path.GetFileNameWithoutExtension(name) + ".out")
        {
            MaxFileSize = config.Get(LogFileOptions.MaxSize),
            MaxRolledFiles = config.Get(LogFileOptions.MaxFiles),
        };
    }

    /// <summary>
    /// The file being written now: the rolling sink continues in name_001.log, name_002.log... once a file is full,
    /// so the newest of those is current.
    /// </summary>
    public string? CurrentLogFile()
    {
        var dir = new DirectoryInfo(Directory);
        if (!dir.Exists) return null;
        var stem = Path.GetFileNameWithoutExtension(LogFileName);
        var ext = Path.GetExtension(LogFileName);
        return dir.EnumerateFiles(stem + "*" + ext)
            .Where(f => f.Name == LogFileName || f.Name.StartsWith(stem + "_", StringComparison.Ordinal))
            .OrderByDescending(f => f.Name.Length).ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .FirstOrDefault()?.Name;
    }
}

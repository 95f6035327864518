using System.Text;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Logging;

/// <summary>
/// The log and stdout of one TaskManager of a local cluster, beside the JobManager's in the same log directory:
/// taskmanager-&lt;n&gt;.log (rolling over to taskmanager-&lt;n&gt;_001.log... like the JobManager's) and
/// taskmanager-&lt;n&gt;.out. The TaskExecutor logs there, and its task threads' print sinks write to the .out file;
/// lines printed also go to the process's console, as they did before TaskManagers had files of their own.
/// </summary>
public sealed class TaskManagerLogging : IAsyncDisposable
{
    private readonly ProcessLogging _logging;
    private readonly StreamWriter _stdoutFile;

    /// <summary>The TaskManager whose files these are.</summary>
    public required Core.Ids.ResourceId TaskManagerId { get; init; }

    public TaskManagerLogging(LogFiles jobManagerFiles, int index, bool toConsole, TextWriter console)
    {
        Name = RoleName(index);
        Files = jobManagerFiles with { LogFileName = Name + ".log", StdoutFileName = Name + ".out" };
        _logging = new ProcessLogging(Files, toConsole);
        _stdoutFile = new StreamWriter(new FileStream(Files.StdoutPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete),
            new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
        Stdout = TextWriter.Synchronized(new TeeWriter(console, _stdoutFile));
    }

    /// <summary>"taskmanager-&lt;n&gt;": the stem of the TaskManager's file names.</summary>
    public string Name { get; }

    public LogFiles Files { get; }

    public ILoggerFactory LoggerFactory => _logging.LoggerFactory;

    /// <summary>The TaskManager's standard output (its .out file, copied to the console).</summary>
    public TextWriter Stdout { get; }

    public static string RoleName(int index) => "taskmanager-" + index;

    /// <summary>Whether a file of the log directory is this TaskManager's: its log, its rolled-over logs, its stdout.</summary>
    public bool Owns(string fileName) =>
        fileName == Files.LogFileName || fileName == Files.StdoutFileName
        || (fileName.StartsWith(Name + "_", StringComparison.Ordinal) && fileName.EndsWith(".log", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Stdout.FlushAsync();
        await _stdoutFile.DisposeAsync();
        await _logging.DisposeAsync();
    }
}

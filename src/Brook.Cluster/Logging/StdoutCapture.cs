using System.Text;

namespace Brook.Cluster.Logging;

/// <summary>
/// Keeps the process's stdout in the role's .out file, which /jobmanager/stdout serves. With <c>teeConsole</c> the
/// console output is copied into the file as it is written; otherwise the file exists but only this process's
/// explicit writes go there (in-process test clusters must not take over the test host's console).
/// </summary>
public sealed class StdoutCapture : IDisposable
{
    private readonly StreamWriter _file;
    private readonly TextWriter? _originalOut;

    public StdoutCapture(string path, bool teeConsole)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
        if (teeConsole)
        {
            _originalOut = System.Console.Out;
            // What a task thread writes belongs to its TaskManager's stdout, which copies it to the console itself.
            System.Console.SetOut(TextWriter.Synchronized(new TeeWriter(_originalOut, _file, () => Streaming.Sinks.TaskStdout.Current)));
        }
    }

    /// <summary>The console as it was before the capture: where TaskManagers copy their stdout.</summary>
    public TextWriter Console => _originalOut ?? System.Console.Out;

    public void Dispose()
    {
        if (_originalOut is not null) System.Console.SetOut(_originalOut);
        _file.Dispose();
    }
}

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
            _originalOut = Console.Out;
            Console.SetOut(TextWriter.Synchronized(new TeeWriter(_originalOut, _file)));
        }
    }

    public void Dispose()
    {
        if (_originalOut is not null) Console.SetOut(_originalOut);
        _file.Dispose();
    }

    private sealed class TeeWriter(TextWriter console, TextWriter file) : TextWriter
    {
        public override Encoding Encoding => console.Encoding;

        public override void Write(char value)
        {
            console.Write(value);
            file.Write(value);
        }

        public override void Write(string? value)
        {
            console.Write(value);
            file.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            console.Write(buffer, index, count);
            file.Write(buffer, index, count);
        }

        public override void Flush()
        {
            console.Flush();
            file.Flush();
        }
    }
}

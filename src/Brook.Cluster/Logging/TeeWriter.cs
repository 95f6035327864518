using System.Text;

namespace Brook.Cluster.Logging;

/// <summary>
/// Writes to the console and a file at once; with <c>redirect</c>, text written on a thread that has a writer of its
/// own (a task thread and its TaskManager's stdout) goes there instead.
/// </summary>
internal sealed class TeeWriter(TextWriter console, TextWriter file, Func<TextWriter?>? redirect = null) : TextWriter
{
    public override Encoding Encoding => console.Encoding;

    public override void Write(char value)
    {
        if (redirect?.Invoke() is { } own)
        {
            own.Write(value);
            return;
        }
        console.Write(value);
        file.Write(value);
    }

    public override void Write(string? value)
    {
        if (redirect?.Invoke() is { } own)
        {
            own.Write(value);
            return;
        }
        console.Write(value);
        file.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (redirect?.Invoke() is { } own)
        {
            own.Write(buffer, index, count);
            return;
        }
        console.Write(buffer, index, count);
        file.Write(buffer, index, count);
    }

    public override void Flush()
    {
        console.Flush();
        file.Flush();
    }
}

using System.Text;

namespace Brook.Streaming.Sinks.Files;

/// <summary>Each record's ToString() and a line feed, in UTF-8 (Flink's SimpleStringEncoder).</summary>
public sealed class SimpleStringEncoder<T> : IEncoder<T>
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public void Encode(T element, Stream stream)
    {
        stream.Write(Utf8.GetBytes(element?.ToString() ?? "null"));
        stream.WriteByte((byte)'\n');
    }
}

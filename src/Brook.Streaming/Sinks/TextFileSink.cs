using System.Text;

namespace Brook.Streaming.Sinks;

/// <summary>
/// Writes each record's ToString() as a line. With parallelism 1 the path is the file; otherwise the path
/// is a directory and subtask i writes "part-{i}" in it (Flink's file sink layout, simplified).
/// </summary>
public sealed class TextFileSink<T>(string path) : ISink<T>
{
    public string Path { get; } = path;

    public string Name => "TextFile";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context)
    {
        string file;
        if (context.NumberOfParallelSubtasks == 1)
        {
            file = Path;
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(Path);
            file = System.IO.Path.Combine(Path, $"part-{context.SubtaskIndex}");
        }
        return new Writer(new StreamWriter(file, append: false, new UTF8Encoding(false), bufferSize: 1 << 16));
    }

    private sealed class Writer(StreamWriter writer) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context) => writer.WriteLine(value?.ToString());

        public void Flush(bool endOfInput) => writer.Flush();

        public void Dispose() => writer.Dispose();
    }
}

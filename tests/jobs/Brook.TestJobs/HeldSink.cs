using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Brook.Streaming.Sinks;

namespace Brook.TestJobs;

/// <summary>
/// A sink held by the test: on its first record a subtask connects to the Unix domain socket at <see cref="GatePath"/> and
/// blocks until the test sends one byte (the test sees the connection, so it knows the sink holds a record). Then it checks
/// every record against <see cref="BackpressureAcrossProcesses.Record"/> and writes its index as a line into
/// "part-{subtask}" of <see cref="OutputDirectory"/>. A gate closed without that byte fails the task.
/// </summary>
public sealed class HeldSink(string gatePath, string outputDirectory) : ISink<string>
{
    public string GatePath { get; } = gatePath;

    public string OutputDirectory { get; } = outputDirectory;

    public string Name => "Held sink";

    public ISinkWriter<string> CreateWriter(ISinkWriterContext context) => new Writer(this, context.SubtaskIndex);

    private sealed class Writer(HeldSink sink, int subtask) : ISinkWriter<string>
    {
        private StreamWriter? _output;

        public void Write(string value, SinkRecordContext context)
        {
            _output ??= Open();
            var index = long.Parse(value.AsSpan(0, BackpressureAcrossProcesses.IndexDigits), NumberStyles.None, CultureInfo.InvariantCulture);
            if (value != BackpressureAcrossProcesses.Record(index)) throw new InvalidDataException($"Record {index} arrived corrupted: '{value}'.");
            _output.WriteLine(index);
        }

        private StreamWriter Open()
        {
            using (var gate = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                gate.Connect(new UnixDomainSocketEndPoint(sink.GatePath));
                gate.Send([(byte)subtask]);
                var opened = new byte[1];
                if (gate.Receive(opened) != 1) throw new IOException($"The gate {sink.GatePath} closed before it opened.");
            }
            Directory.CreateDirectory(sink.OutputDirectory);
            return new StreamWriter(Path.Combine(sink.OutputDirectory, $"part-{subtask}"), append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        }

        public void Flush(bool endOfInput) => _output?.Flush();

        public void Dispose() => _output?.Dispose();
    }
}

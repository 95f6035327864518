namespace Brook.Streaming.Sinks;

/// <summary>A sink delegating to a user action (called on the task threads, concurrently across subtasks).</summary>
public sealed class ActionSink<T>(Action<T> action, string name = "Action") : ISink<T>
{
    public string Name { get; } = name;

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(action);

    private sealed class Writer(Action<T> action) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context) => action(value);

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
        }
    }
}

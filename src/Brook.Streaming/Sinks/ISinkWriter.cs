using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>Writes the records of one subtask. Called on the task thread only.</summary>
public interface ISinkWriter<T> : IDisposable
{
    void Write(T value, SinkRecordContext context);

    /// <summary>Pushes buffered output out; <paramref name="endOfInput"/> at the end of a bounded input.</summary>
    void Flush(bool endOfInput);
}

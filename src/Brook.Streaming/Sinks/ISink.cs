using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>A sink (Flink's Sink v2): creates one writer per subtask.</summary>
public interface ISink<T>
{
    /// <summary>The name shown in plans ("Sink: {Name}").</summary>
    string Name { get; }

    ISinkWriter<T> CreateWriter(ISinkWriterContext context);
}

/// <summary>Writes the records of one subtask. Called on the task thread only.</summary>
public interface ISinkWriter<T> : IDisposable
{
    void Write(T value, SinkRecordContext context);

    /// <summary>Pushes buffered output out; <paramref name="endOfInput"/> at the end of a bounded input.</summary>
    void Flush(bool endOfInput);
}

/// <summary>The per-record context of a sink write: the record's timestamp and the current watermark.</summary>
public readonly record struct SinkRecordContext(long? Timestamp, long CurrentWatermark);

/// <summary>What a writer knows of its subtask.</summary>
public interface ISinkWriterContext
{
    int SubtaskIndex { get; }

    int NumberOfParallelSubtasks { get; }

    IRuntimeContext RuntimeContext { get; }
}

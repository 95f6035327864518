using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>A sink (Flink's Sink v2): creates one writer per subtask.</summary>
public interface ISink<T>
{
    /// <summary>The name shown in plans ("Sink: {Name}").</summary>
    string Name { get; }

    ISinkWriter<T> CreateWriter(ISinkWriterContext context);
}

using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>
/// A sink (Flink's Sink v2): creates one writer per subtask. A plain sink object is shared by all subtasks (only
/// its writers are per subtask); a sink that is also an <see cref="IRichFunction"/> or
/// <see cref="ICheckpointedFunction"/> is shallow-copied per subtask first (see <see cref="IRichFunction"/>).
/// </summary>
public interface ISink<T>
{
    /// <summary>The name shown in plans ("Sink: {Name}").</summary>
    string Name { get; }

    ISinkWriter<T> CreateWriter(ISinkWriterContext context);
}

using Brook.Streaming.Functions;

namespace Brook.Streaming.Sinks;

/// <summary>What a writer knows of its subtask.</summary>
public interface ISinkWriterContext
{
    int SubtaskIndex { get; }

    int NumberOfParallelSubtasks { get; }

    IRuntimeContext RuntimeContext { get; }
}

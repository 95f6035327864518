using Brook.Streaming.Functions;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Sinks;

/// <summary>What a writer knows of its subtask (Flink's WriterInitContext).</summary>
public interface ISinkWriterContext
{
    int SubtaskIndex { get; }

    int NumberOfParallelSubtasks { get; }

    IRuntimeContext RuntimeContext { get; }

    /// <summary>Processing time and timers; timer callbacks run on the task thread, between records.</summary>
    IProcessingTimeService ProcessingTimeService { get; }
}

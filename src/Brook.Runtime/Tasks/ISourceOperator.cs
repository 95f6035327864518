using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>The head of a source task: the operator around a subtask's source reader (Flink's SourceOperator).</summary>
internal interface ISourceOperator : IStreamOperator
{
    InputStatus EmitNext();

    Task IsAvailable();

    /// <summary>The reader ended: emit the final watermark so downstream event time completes.</summary>
    void EmitEndOfInput();

    /// <summary>The reader's splits with their positions, each serialized, for a checkpoint.</summary>
    IReadOnlyList<byte[]> SnapshotSplits(long checkpointId);
}

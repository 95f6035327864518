namespace Brook.Streaming.Operators;

/// <summary>
/// An operator with work left after a checkpoint that found its task finished (Flink's finished-on-restore state,
/// FLIP-147): a task restored as finished does not run its operators again, but calls this once its state is restored.
/// </summary>
internal interface IFinishedOnRestoreOperator
{
    void RestoreFinished();
}

namespace Brook.Streaming.Accumulators;

/// <summary>
/// A value a subtask builds up and the JobMaster merges over subtasks (Flink's Accumulator). Updated by
/// the task thread; <see cref="Snapshot"/> may be called from another thread (live REST views), so
/// implementations keep it safe.
/// </summary>
public interface IAccumulator
{
    /// <summary>The current local value, as it is shown and returned in the job result.</summary>
    object LocalValue { get; }

    /// <summary>A copy of the current state, safe to merge while the task keeps adding.</summary>
    IAccumulator Snapshot();

    /// <summary>Adds another accumulator of the same type into this one.</summary>
    void Merge(IAccumulator other);
}

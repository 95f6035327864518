namespace Brook.Streaming.Functions;

/// <summary>
/// A user function that keeps operator (non-keyed) state, and keyed state when it runs on a keyed stream
/// (Flink's CheckpointedFunction). The operator calls <see cref="InitializeState"/> once per subtask,
/// before the function's Open, with the subtask's own operator state store. The state lives in the
/// stores, not in the function, so list state registered here is what a snapshot of the operator holds;
/// on a restore, <see cref="InitializeState"/> finds the stores filled with the checkpoint's state.
/// </summary>
public interface ICheckpointedFunction
{
    void InitializeState(IFunctionInitializationContext context);

    /// <summary>
    /// Called on the task thread when a checkpoint is taken, before the stores are snapshotted: a function that
    /// keeps data in fields writes it into its registered state here. Functions whose data lives only in
    /// registered state have nothing to do.
    /// </summary>
    void SnapshotState(IFunctionSnapshotContext context)
    {
    }
}

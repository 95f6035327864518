namespace Brook.Streaming.Functions;

/// <summary>
/// A user function that keeps operator (non-keyed) state, and keyed state when it runs on a keyed stream
/// (Flink's CheckpointedFunction). The operator calls <see cref="InitializeState"/> once per subtask,
/// before the function's Open, with the subtask's own operator state store. The state lives in the
/// stores, not in the function, so list state registered here is what a snapshot of the operator holds.
/// Brook has no checkpoints yet: the snapshot callback of Flink's interface arrives with them.
/// </summary>
public interface ICheckpointedFunction
{
    void InitializeState(IFunctionInitializationContext context);
}

using Brook.Streaming.State;

namespace Brook.Streaming.Functions;

/// <summary>What <see cref="ICheckpointedFunction.InitializeState"/> gets: the subtask's state stores.</summary>
public interface IFunctionInitializationContext
{
    /// <summary>This operator subtask's list, union list and broadcast state.</summary>
    IOperatorStateStore OperatorStateStore { get; }

    /// <summary>Keyed state when the function runs on a keyed stream; null otherwise.</summary>
    IKeyedStateStore? KeyedStateStore { get; }

    /// <summary>Whether the stores were filled from a checkpoint this subtask restored (Flink's isRestored).</summary>
    bool IsRestored { get; }
}

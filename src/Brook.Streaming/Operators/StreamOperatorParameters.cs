using Brook.Core.Hashing;
using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>What the runtime hands an operator at set-up (Flink's StreamOperatorParameters).</summary>
public sealed class StreamOperatorParameters<TOut>
{
    public required Output<TOut> Output { get; init; }

    public required IRuntimeContext RuntimeContext { get; init; }

    /// <summary>Processing-time timers; callbacks run on the task thread, between records.</summary>
    public required IProcessingTimeService ProcessingTimeService { get; init; }

    /// <summary>The operator's deterministic id (32 hex characters).</summary>
    public required string OperatorId { get; init; }

    /// <summary>The number of key groups (pipeline.max-parallelism).</summary>
    public required int MaxParallelism { get; init; }

    /// <summary>The key groups this subtask owns (empty-meaningless on non-keyed operators).</summary>
    public required KeyGroupRange KeyGroupRange { get; init; }

    /// <summary>
    /// The state backend the job configured (null: none configured). Keyed operators create their keyed
    /// backend from it through <see cref="KeyContext{TKey}"/>.
    /// </summary>
    public IStateBackend? StateBackend { get; init; }

    /// <summary>Whether this operator's state is restored from a checkpoint.</summary>
    public bool IsRestored { get; init; }

    /// <summary>Whether the job takes checkpoints (execution.checkpointing.interval set).</summary>
    public bool IsCheckpointingEnabled { get; init; }

    /// <summary>
    /// Whether, after the end of input, the task waits for a checkpoint covering its final state before it ends
    /// (periodic checkpoints with execution.checkpointing.checkpoints-after-tasks-finish): a two-phase-commit sink
    /// then commits its last committables when that checkpoint completes, not at the end of input.
    /// </summary>
    public bool WaitsForFinalCheckpoint { get; init; }

    /// <summary>The same parameters with another state backend (a BATCH keyed operator gets a batch backend).</summary>
    internal StreamOperatorParameters<TOut> WithStateBackend(IStateBackend? stateBackend) => new()
    {
        Output = Output,
        RuntimeContext = RuntimeContext,
        ProcessingTimeService = ProcessingTimeService,
        OperatorId = OperatorId,
        MaxParallelism = MaxParallelism,
        KeyGroupRange = KeyGroupRange,
        StateBackend = stateBackend,
        IsRestored = IsRestored,
        IsCheckpointingEnabled = IsCheckpointingEnabled,
        WaitsForFinalCheckpoint = WaitsForFinalCheckpoint,
    };
}

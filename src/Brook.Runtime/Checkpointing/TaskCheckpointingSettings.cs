using Brook.Core.Configuration;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What every task of a job shares for checkpoints (every job takes part: manual checkpoints work without an
/// interval): the mode its barriers are handled in, where acknowledgements go, where state is written, and
/// whether checkpoints come periodically (Flink's CheckpointConfig.isCheckpointingEnabled, which operators such as
/// a two-phase-commit sink ask).
/// </summary>
internal sealed record TaskCheckpointingSettings(CheckpointingMode Mode, ICheckpointResponder Responder, ICheckpointStorageAccess Storage, bool PeriodicCheckpointing);

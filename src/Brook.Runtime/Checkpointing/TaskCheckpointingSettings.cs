using Brook.Core.Configuration;

namespace Brook.Runtime.Checkpointing;

/// <summary>What every task of a checkpointed job shares: the mode its barriers are handled in, where acknowledgements go, where state is written.</summary>
internal sealed record TaskCheckpointingSettings(CheckpointingMode Mode, ICheckpointResponder Responder, ICheckpointStorageAccess Storage);

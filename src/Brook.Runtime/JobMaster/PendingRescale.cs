using Brook.Runtime.Checkpointing;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// A rescale under way: the job graph at the new parallelism and the slots taken for it. First a checkpoint is taken
/// while the job runs on; once it completed every task is cancelled (<see cref="Redeploying"/>), and when all have
/// ended the job is deployed again at the new parallelism from that checkpoint. A job that lost slots under the
/// adaptive scheduler skips the first step: it redeploys smaller from its latest checkpoint.
/// </summary>
internal sealed class PendingRescale(JobGraph.JobGraph jobGraph, IReadOnlyList<SlotId> extraSlots)
{
    public JobGraph.JobGraph JobGraph { get; } = jobGraph;

    /// <summary>Slots allocated beyond those the job held (scaling up); handed back if the rescale does not happen.</summary>
    public IReadOnlyList<SlotId> ExtraSlots { get; } = extraSlots;

    /// <summary>The checkpoint the rescaled job starts from; null for none (a job that never completed one starts over).</summary>
    public CompletedCheckpoint? Checkpoint { get; set; }

    /// <summary>The old tasks are being cancelled; the rescaled ones deploy when all have ended.</summary>
    public bool Redeploying { get; set; }

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

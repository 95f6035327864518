namespace Brook.Core.Configuration;

/// <summary>
/// Who owns the snapshot a job restores from (Flink's RecoveryClaimMode). Brook's snapshots are always full, so
/// LEGACY (kept for Flink clients) behaves as NO_CLAIM: the job never deletes the snapshot.
/// </summary>
public enum RecoveryClaimMode
{
    CLAIM,
    NO_CLAIM,
    LEGACY,
}

using Brook.Core.Ids;

namespace Brook.Runtime.ResourceManager;

/// <summary>An immutable view of one registered TaskManager, for REST handlers and the scheduler.</summary>
public sealed record TaskManagerSnapshot(
    TaskManagerRegistration Registration,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastHeartbeat,
    IReadOnlyList<JobId?> SlotOwners)
{
    public ResourceId Id => Registration.Id;

    public int FreeSlots => SlotOwners.Count(o => o is null);
}

using Brook.Core.Ids;

namespace Brook.Runtime.ResourceManager;

/// <summary>One slot of one TaskManager.</summary>
public readonly record struct SlotId(ResourceId TaskManager, int SlotIndex)
{
    public override string ToString() => $"{TaskManager}_{SlotIndex}";
}

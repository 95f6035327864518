using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Handlers;

/// <summary>GET /overview: TaskManagers and slots from the ResourceManager, job counts from the Dispatcher.</summary>
public static class ClusterOverviewHandler
{
    public static ClusterOverviewWithVersion Handle(IReadOnlyList<TaskManagerSnapshot> taskManagers, IReadOnlyList<JobDetailsSnapshot> jobs)
    {
        int slotsTotal = 0, slotsFree = 0;
        foreach (var tm in taskManagers)
        {
            slotsTotal += tm.SlotOwners.Count;
            slotsFree += tm.FreeSlots;
        }
        int running = 0, finished = 0, cancelled = 0, failed = 0;
        foreach (var job in jobs)
        {
            switch (job.Status)
            {
                case JobStatus.FINISHED: finished++; break;
                case JobStatus.CANCELED: cancelled++; break;
                case JobStatus.FAILED: failed++; break;
                default: running++; break;
            }
        }
        return new ClusterOverviewWithVersion(taskManagers.Count, slotsTotal, slotsFree, running, finished, cancelled, failed,
            BrookVersion.FlinkVersion, BrookVersion.Revision);
    }
}

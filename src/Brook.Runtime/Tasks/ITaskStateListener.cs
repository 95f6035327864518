using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.Tasks;

/// <summary>How a task reports its state changes (to its JobMaster).</summary>
internal interface ITaskStateListener
{
    void OnTaskStateChanged(TaskStateUpdate update);
}

using Brook.Core.Ids;
using Brook.Runtime.Tasks;
using Brook.Streaming.Graph;

namespace Brook.Runtime.OperatorEvents;

/// <summary>JobManager side of deploying a task to a TaskManager process, for its sources.</summary>
internal static class RemoteSourceReaders
{
    /// <summary>
    /// Before the task of <paramref name="descriptor"/> is submitted to a TaskManager process: tells the coordinator of
    /// each of its source nodes that this attempt is the subtask's current one, reachable through
    /// <paramref name="subtaskGateway"/> (given the source's operator id).
    /// </summary>
    public static void Connect(TaskDeploymentDescriptor descriptor, Func<OperatorId, ISubtaskGateway> subtaskGateway)
    {
        foreach (var node in descriptor.Vertex.ChainedNodes.Where(n => n.Kind == StreamNodeKind.Source))
            descriptor.Resources.SourceCoordinators[node.Id].SubtaskReady(descriptor.SubtaskIndex, descriptor.AttemptNumber, subtaskGateway(descriptor.Vertex.OperatorIds[node.Id]));
    }
}

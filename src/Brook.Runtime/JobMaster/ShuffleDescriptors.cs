using Brook.Core.Ids;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// The JobMaster's side of the network exchange (Flink's ShuffleMaster): whether a job's tasks exchange over the data
/// plane, and each subtask attempt's <see cref="ShuffleDeploymentDescriptor"/> from the slots its producers and
/// consumers were given. Subtask i of every vertex runs in the job's slot i.
/// </summary>
internal static class ShuffleDescriptors
{
    /// <summary>
    /// Over the network when the job spans more than one TaskManager and all of them have a data plane; otherwise the
    /// job's in-process channels, as fast as they are.
    /// </summary>
    public static bool UsesNetwork(IReadOnlyList<TaskManagerRegistration> taskManagers) =>
        taskManagers.Select(t => t.Id).Distinct().Count() > 1 && taskManagers.All(t => t.DataPort > 0);

    public static ShuffleDeploymentDescriptor For(ExecutionVertex task, ExecutionGraph.ExecutionGraph graph, Func<int, TaskManagerRegistration> taskManagerOfSubtask)
    {
        var vertex = task.JobVertex.JobVertex;
        var outputs = vertex.Outputs.Select(e => new ResultPartitionDeploymentDescriptor(e.ResultId,
            Enumerable.Range(0, e.Target.Parallelism).Select(c => taskManagerOfSubtask(c).Id).ToList())).ToList();
        var inputs = vertex.Inputs.Select(e =>
        {
            var producers = graph.Vertices.First(v => v.JobVertex.Id == e.Source.Id).TaskVertices;
            return new InputGateDeploymentDescriptor(e.ResultId, producers.Select(p =>
            {
                var tm = taskManagerOfSubtask(p.SubtaskIndex);
                return new PartitionLocation(tm.Id, tm.Host, tm.DataPort, p.CurrentExecution.AttemptId);
            }).ToList());
        }).ToList();
        return new ShuffleDeploymentDescriptor(task.CurrentExecution.AttemptId, outputs, inputs);
    }
}

using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Messages;
using Brook.Rest.ThreadInfo;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobs/:jobid/vertices/:vertexid/flamegraph as Flink's JobVertexFlameGraphHandler answers it.</summary>
public static class FlameGraphHandler
{
    public static VertexFlameGraph Handle(VertexThreadInfoTracker tracker, JobId job, ArchivedExecutionJobVertex vertex, FlameGraphType type, int? subtaskIndex)
    {
        if (subtaskIndex is { } index && (index < 0 || index >= vertex.Subtasks.Count))
        {
            throw new RestHandlerException($"Invalid subtask index for vertex {vertex.Id.Hex}", 404);
        }
        var terminated = subtaskIndex is { } i ? vertex.Subtasks[i].CurrentExecution.State.IsTerminal() : vertex.AggregateState.IsTerminal();
        if (terminated) return VertexFlameGraph.Terminated();
        var stats = subtaskIndex is { } s ? tracker.GetExecutionVertexStats(job, vertex, s) : tracker.GetJobVertexStats(job, vertex);
        return stats is null ? VertexFlameGraph.Waiting() : VertexFlameGraphFactory.Create(stats, type);
    }
}

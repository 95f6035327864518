using Brook.Runtime.JobGraph;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>A job vertex's parallel subtasks (Flink's ExecutionJobVertex).</summary>
internal sealed class ExecutionJobVertex
{
    public ExecutionJobVertex(JobVertex jobVertex, long now)
    {
        JobVertex = jobVertex;
        TaskVertices = Enumerable.Range(0, jobVertex.Parallelism).Select(i => new ExecutionVertex(this, i, now)).ToArray();
    }

    public JobVertex JobVertex { get; }

    public IReadOnlyList<ExecutionVertex> TaskVertices { get; }
}

using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.JobGraph;

/// <summary>The job as the JobMaster schedules it: chained vertices in topological order and their edges.</summary>
public sealed class JobGraph
{
    public required JobId JobId { get; init; }

    public required string Name { get; init; }

    /// <summary>Vertices sources first (topological order).</summary>
    public required IReadOnlyList<JobVertex> Vertices { get; init; }

    public required Configuration Configuration { get; init; }

    public required TimeSpan BufferTimeout { get; init; }

    /// <summary>The job's configured max parallelism, -1 when not set (what Flink's job details report as maxParallelism).</summary>
    public int ConfiguredMaxParallelism { get; init; } = -1;

    public IStateBackend? StateBackend { get; init; }

    /// <summary>STREAMING or BATCH (execution.runtime-mode resolved against the sources).</summary>
    public JobType JobType { get; init; } = JobType.STREAMING;

    /// <summary>The job package the graph was built from (null for a job built in the submitting process, which only runs in process).</summary>
    public JobPackageReference? Package { get; init; }

    public IEnumerable<JobEdge> Edges => Vertices.SelectMany(v => v.Outputs);

    /// <summary>Slots needed with default slot sharing: one slot holds one subtask of every vertex.</summary>
    public int MaximumParallelism => Vertices.Max(v => v.Parallelism);

    public JobVertex Vertex(JobVertexId id) => Vertices.First(v => v.Id == id);

    public static JobGraph FromStreamGraph(StreamGraph streamGraph, JobId? jobId = null, JobPackageReference? package = null) =>
        new StreamingJobGraphGenerator(streamGraph, jobId ?? JobId.Generate(), package).Create();
}

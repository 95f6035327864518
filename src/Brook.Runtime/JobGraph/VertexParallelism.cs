using Brook.Core.Ids;
using Brook.Streaming.Graph;

namespace Brook.Runtime.JobGraph;

/// <summary>
/// The parallelism each vertex of a job runs at after a rescale (Flink's VertexParallelismStore), and the job graph
/// rebuilt at it: same vertices, operator ids, chains and results, new parallelism. A vertex never runs above its
/// max parallelism, and vertices joined by a FORWARD exchange keep one parallelism (the smaller of their targets),
/// because a forward exchange connects subtask i to subtask i only.
/// </summary>
public static class VertexParallelism
{
    /// <summary>Every vertex at <paramref name="parallelism"/>, each capped by its max parallelism (PATCH /jobs/:jobid/rescaling).</summary>
    public static IReadOnlyDictionary<JobVertexId, int> Uniform(JobGraph jobGraph, int parallelism) =>
        Harmonize(jobGraph, jobGraph.Vertices.ToDictionary(v => v.Id, v => Math.Min(parallelism, v.MaxParallelism)));

    /// <summary>The targets capped by each vertex's max parallelism and made equal across forward exchanges.</summary>
    public static IReadOnlyDictionary<JobVertexId, int> Harmonize(JobGraph jobGraph, IReadOnlyDictionary<JobVertexId, int> targets)
    {
        var result = jobGraph.Vertices.ToDictionary(v => v.Id, v => Math.Clamp(targets.GetValueOrDefault(v.Id, v.Parallelism), 1, v.MaxParallelism));
        // Lowering one end of a forward exchange may lower the other's neighbours: repeat until nothing changes (a few passes at most).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var edge in jobGraph.Edges.Where(e => e.Partitioner.Kind == PartitionerKind.Forward))
            {
                var p = Math.Min(result[edge.Source.Id], result[edge.Target.Id]);
                if (result[edge.Source.Id] == p && result[edge.Target.Id] == p) continue;
                result[edge.Source.Id] = result[edge.Target.Id] = p;
                changed = true;
            }
        }
        return result;
    }

    /// <summary>True when the job already runs at these parallelisms.</summary>
    public static bool IsUnchanged(JobGraph jobGraph, IReadOnlyDictionary<JobVertexId, int> parallelism) =>
        jobGraph.Vertices.All(v => parallelism[v.Id] == v.Parallelism);

    /// <summary>The job graph with every vertex at its new parallelism; ids, names, chains, configuration and results are kept.</summary>
    public static JobGraph Apply(JobGraph jobGraph, IReadOnlyDictionary<JobVertexId, int> parallelism)
    {
        var vertices = jobGraph.Vertices.ToDictionary(v => v.Id, v => new JobVertex
        {
            Id = v.Id,
            Name = v.Name,
            Parallelism = parallelism[v.Id],
            MaxParallelism = v.MaxParallelism,
            ChainedNodes = v.ChainedNodes,
            OperatorIds = v.OperatorIds,
        });
        // Inputs and outputs keep their order: a task's input gates are numbered by it.
        var edges = jobGraph.Edges.ToDictionary(e => e, e => new JobEdge
        {
            Source = vertices[e.Source.Id], Target = vertices[e.Target.Id], StreamEdge = e.StreamEdge, ResultId = e.ResultId,
        });
        foreach (var v in jobGraph.Vertices)
        {
            vertices[v.Id].Inputs.AddRange(v.Inputs.Select(e => edges[e]));
            vertices[v.Id].Outputs.AddRange(v.Outputs.Select(e => edges[e]));
        }
        return new JobGraph
        {
            JobId = jobGraph.JobId,
            Name = jobGraph.Name,
            Vertices = jobGraph.Vertices.Select(v => vertices[v.Id]).ToList(),
            Configuration = jobGraph.Configuration,
            BufferTimeout = jobGraph.BufferTimeout,
            ConfiguredMaxParallelism = jobGraph.ConfiguredMaxParallelism,
            StateBackend = jobGraph.StateBackend,
            Package = jobGraph.Package,
        };
    }
}

using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.Failover;

/// <summary>
/// The pipelined regions of a job: the connected components of its job graph over its pipelined edges (union-find). A
/// streaming job's edges are all pipelined; a batch job's blocking edges separate its stages into regions of their own.
/// </summary>
internal static class PipelinedRegions
{
    public static IReadOnlyList<IReadOnlyList<ExecutionJobVertex>> Compute(IReadOnlyList<ExecutionJobVertex> vertices)
    {
        var index = vertices.Select((v, i) => (v.JobVertex.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var parent = Enumerable.Range(0, vertices.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var v in vertices)
        {
            foreach (var edge in v.JobVertex.Outputs.Where(e => !e.IsBlocking)) parent[Find(index[edge.Source.Id])] = Find(index[edge.Target.Id]);
        }
        return vertices.Select((v, i) => (v, Root: Find(i))).GroupBy(p => p.Root).Select(g => (IReadOnlyList<ExecutionJobVertex>)g.Select(p => p.v).ToList()).ToList();
    }
}

using System.Security.Cryptography;
using System.Text;
using Brook.Core.Ids;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.JobGraph;

/// <summary>
/// StreamGraph → JobGraph with Flink's chaining rules (StreamingJobGraphGenerator): an edge is chained when
/// it is FORWARD, both ends have the same parallelism, the target has exactly one input, the target's
/// strategy is Always, the source's is not Never, and chaining is enabled.
/// </summary>
internal sealed class StreamingJobGraphGenerator(StreamGraph graph, JobId jobId, JobPackageReference? package = null)
{
    public JobGraph Create()
    {
        var operatorIds = StreamGraphHasher.Hash(graph, IsChainable);
        var vertexOf = new Dictionary<int, JobVertex>();
        var vertices = new List<JobVertex>();
        var heads = new Queue<StreamNode>(graph.Sources.OrderBy(n => n.Id));
        var seenHeads = new HashSet<int>(heads.Select(h => h.Id));
        var nonChained = new List<StreamEdge>();

        while (heads.Count > 0)
        {
            var head = heads.Dequeue();
            var chain = new List<StreamNode>();
            Collect(head, chain, nonChained);
            var vertex = new JobVertex
            {
                Id = new JobVertexId(operatorIds[head.Id].Hex),
                Name = ChainedName(head),
                Parallelism = head.Parallelism,
                MaxParallelism = head.MaxParallelism,
                ChainedNodes = chain,
                OperatorIds = chain.ToDictionary(n => n.Id, n => operatorIds[n.Id]),
            };
            vertices.Add(vertex);
            foreach (var n in chain) vertexOf[n.Id] = vertex;
            foreach (var e in chain.SelectMany(n => n.OutEdges).Where(e => !IsChainable(e)).OrderBy(e => e.Target.Id))
            {
                if (seenHeads.Add(e.Target.Id)) heads.Enqueue(e.Target);
            }
        }

        foreach (var e in nonChained.Distinct())
        {
            var source = vertexOf[e.Source.Id];
            var target = vertexOf[e.Target.Id];
            var jobEdge = new JobEdge
            {
                Source = source, Target = target, StreamEdge = e, ResultId = e.IntermediateDataSetId ?? ResultId(source, e), PartitionType = PartitionType(e),
            };
            source.Outputs.Add(jobEdge);
            target.Inputs.Add(jobEdge);
        }

        return new JobGraph
        {
            JobId = jobId,
            Name = graph.JobName,
            Vertices = TopologicalOrder(vertices),
            Configuration = graph.Configuration,
            BufferTimeout = graph.BufferTimeout,
            ConfiguredMaxParallelism = graph.MaxParallelism,
            StateBackend = graph.StateBackend,
            JobType = graph.JobType,
            Package = package,
        };
    }

    /// <summary>
    /// Flink's batch rule (execution.batch-shuffle-mode ALL_EXCHANGES_BLOCKING): in a BATCH job every exchange is blocking, so a
    /// consumer starts once its producers finished; the edge into a cache keeps its result after the job (BLOCKING_PERSISTENT).
    /// </summary>
    private Partitions.ResultPartitionType PartitionType(StreamEdge e) =>
        e.IntermediateDataSetId is not null ? Partitions.ResultPartitionType.BLOCKING_PERSISTENT
        : graph.JobType == Core.Configuration.JobType.BATCH ? Partitions.ResultPartitionType.BLOCKING
        : Partitions.ResultPartitionType.PIPELINED;

    internal bool IsChainable(StreamEdge e) =>
        graph.ChainingEnabled
        && e.Target.InEdges.Count == 1
        && e.Target.ChainingStrategy == ChainingStrategy.Always
        && e.Source.ChainingStrategy != ChainingStrategy.Never
        && e.Partitioner.Kind == PartitionerKind.Forward
        && e.Source.Parallelism == e.Target.Parallelism;

    private void Collect(StreamNode node, List<StreamNode> chain, List<StreamEdge> nonChained)
    {
        chain.Add(node);
        foreach (var e in node.OutEdges)
        {
            if (IsChainable(e)) Collect(e.Target, chain, nonChained);
            else nonChained.Add(e);
        }
    }

    /// <summary>Flink's createChainedName: "a -> b", and "a -> (b, c)" where the chain forks.</summary>
    private string ChainedName(StreamNode node)
    {
        var chained = node.OutEdges.Where(IsChainable).Select(e => ChainedName(e.Target)).ToList();
        return chained.Count switch
        {
            0 => node.OperatorName,
            1 => node.OperatorName + " -> " + chained[0],
            _ => node.OperatorName + " -> (" + string.Join(", ", chained) + ")",
        };
    }

    private static IntermediateDataSetId ResultId(JobVertex producer, StreamEdge e)
    {
        var text = $"{producer.Id}/{e.Source.Id}->{e.Target.Id}/{e.InputIndex}/{e.SideOutputTag?.Id}";
        return new IntermediateDataSetId(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))));
    }

    private static List<JobVertex> TopologicalOrder(List<JobVertex> vertices)
    {
        var result = new List<JobVertex>();
        var placed = new HashSet<JobVertexId>();
        while (result.Count < vertices.Count)
        {
            foreach (var v in vertices)
            {
                if (placed.Contains(v.Id) || v.Inputs.Any(i => !placed.Contains(i.Source.Id))) continue;
                placed.Add(v.Id);
                result.Add(v);
            }
        }
        return result;
    }
}

using System.Security.Cryptography;
using System.Text;
using Brook.Core.Ids;
using Brook.Streaming.Graph;

namespace Brook.Runtime.JobGraph;

/// <summary>
/// Deterministic operator ids (after Flink's StreamGraphHasherV2): a node with a Uid hashes the Uid, so its
/// id survives program changes; any other node hashes its position in a breadth-first traversal from the
/// sources, its number of chainable outputs and its inputs' ids. Same program, same ids, every run.
/// MD5 is used as a stable 128-bit hash, not for security.
/// </summary>
internal static class StreamGraphHasher
{
    public static IReadOnlyDictionary<int, OperatorId> Hash(StreamGraph graph, Func<StreamEdge, bool> isChainable)
    {
        var hashes = new Dictionary<int, byte[]>();
        var queue = new Queue<StreamNode>(graph.Sources.OrderBy(n => n.Id));
        var visited = new HashSet<int>(queue.Select(n => n.Id));
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node.InEdges.Any(e => !hashes.ContainsKey(e.Source.Id)))
            {
                // Not all inputs hashed yet; it is reached again through its remaining inputs.
                visited.Remove(node.Id);
                continue;
            }
            hashes[node.Id] = HashNode(node, hashes, isChainable);
            foreach (var e in node.OutEdges.OrderBy(e => e.Target.Id))
            {
                if (visited.Add(e.Target.Id)) queue.Enqueue(e.Target);
            }
        }
        if (hashes.Count != graph.Nodes.Count)
            throw new InvalidOperationException("The stream graph has nodes unreachable from its sources.");
        return hashes.ToDictionary(kv => kv.Key, kv => new OperatorId(Convert.ToHexStringLower(kv.Value)));

        byte[] HashNode(StreamNode node, Dictionary<int, byte[]> known, Func<StreamEdge, bool> chainable)
        {
            if (node.Uid is not null) return MD5.HashData(Encoding.UTF8.GetBytes(node.Uid));
            var position = known.Count;
            var buffer = new List<byte>();
            buffer.AddRange(BitConverter.GetBytes(position));
            buffer.AddRange(BitConverter.GetBytes(node.OutEdges.Count(chainable)));
            var hash = MD5.HashData(buffer.ToArray());
            foreach (var e in node.InEdges)
            {
                var other = known[e.Source.Id];
                for (var j = 0; j < hash.Length; j++) hash[j] = (byte)(hash[j] * 37 ^ other[j]);
            }
            return hash;
        }
    }
}

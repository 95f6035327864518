using Brook.Rest.Messages;
using Brook.Runtime.Diagnostics;

namespace Brook.Rest.ThreadInfo;

/// <summary>
/// Flink's VertexFlameGraphFactory: folds the samples into a tree under "root", outermost frame first, each node
/// counting the samples that passed through it; ON_CPU keeps RUNNABLE and NEW samples, OFF_CPU the waiting ones.
/// </summary>
public static class VertexFlameGraphFactory
{
    private static readonly HashSet<ThreadInfoState> OnCpu = [ThreadInfoState.RUNNABLE, ThreadInfoState.NEW];

    private static readonly HashSet<ThreadInfoState> OffCpu = [ThreadInfoState.TIMED_WAITING, ThreadInfoState.BLOCKED, ThreadInfoState.WAITING];

    public static VertexFlameGraph Create(VertexThreadInfoStats stats, FlameGraphType type) => type switch
    {
        FlameGraphType.ON_CPU => Create(stats, OnCpu.Contains),
        FlameGraphType.OFF_CPU => Create(stats, OffCpu.Contains),
        _ => Create(stats, _ => true),
    };

    private static VertexFlameGraph Create(VertexThreadInfoStats stats, Func<ThreadInfoState, bool> included)
    {
        var root = new NodeBuilder("root");
        foreach (var subtask in stats.SamplesBySubtask.Values)
        {
            foreach (var sample in subtask.Samples)
            {
                if (!included(sample.State)) continue;
                root.HitCount++;
                var parent = root;
                for (var i = sample.StackTrace.Count - 1; i >= 0; i--) parent = parent.AddChild(sample.StackTrace[i].QualifiedName);
            }
        }
        return new VertexFlameGraph(stats.EndTime, root.ToNode());
    }

    private sealed class NodeBuilder(string name)
    {
        private readonly Dictionary<string, NodeBuilder> _children = new(StringComparer.Ordinal);

        public int HitCount { get; set; }

        public NodeBuilder AddChild(string childName)
        {
            if (!_children.TryGetValue(childName, out var child)) _children[childName] = child = new NodeBuilder(childName);
            child.HitCount++;
            return child;
        }

        public FlameGraphNode ToNode() => new(name, HitCount, _children.Values.Select(c => c.ToNode()).ToList());
    }
}

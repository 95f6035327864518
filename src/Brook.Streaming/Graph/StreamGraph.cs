using Brook.Core.Configuration;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>
/// The physical plan of a job as the API produced it (Flink's StreamGraph): nodes with resolved
/// parallelism and edges with partitioners. The runtime turns it into a JobGraph by chaining.
/// </summary>
public sealed class StreamGraph
{
    public required string JobName { get; init; }

    /// <summary>Nodes ordered by id (the order the program created them).</summary>
    public required IReadOnlyList<StreamNode> Nodes { get; init; }

    public required Configuration Configuration { get; init; }

    /// <summary>The job's configured max parallelism (SetMaxParallelism or pipeline.max-parallelism); -1 when not set.</summary>
    public int MaxParallelism { get; init; } = -1;

    public bool ChainingEnabled { get; init; } = true;

    /// <summary>execution.buffer-timeout.interval: the longest a partly filled buffer waits; zero flushes every record.</summary>
    public TimeSpan BufferTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    public IStateBackend? StateBackend { get; init; }

    /// <summary>STREAMING or BATCH, resolved from execution.runtime-mode and the sources' boundedness.</summary>
    public JobType JobType { get; init; } = JobType.STREAMING;

    public IEnumerable<StreamNode> Sources => Nodes.Where(n => n.Kind == StreamNodeKind.Source);

    public IEnumerable<StreamEdge> Edges => Nodes.SelectMany(n => n.OutEdges);

    public StreamNode Node(int id) => Nodes.First(n => n.Id == id);
}

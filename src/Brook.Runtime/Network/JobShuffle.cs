using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// The in-process data exchange of one job: for every job edge, one channel per (producer subtask,
/// consumer subtask) pair. Producers write a row (their result partition's subpartitions); consumers read
/// a column (their input gate's channels). A distributed deployment replaces these with network channels.
/// </summary>
internal sealed class JobShuffle
{
    private readonly Dictionary<IntermediateDataSetId, object> _matrices = new();

    public JobShuffle(JobGraph.JobGraph graph, int buffersPerChannel, int recordsPerBuffer)
        : this(graph.Edges, buffersPerChannel, recordsPerBuffer)
    {
    }

    /// <summary>The channels of some edges only: a restarted pipelined region gets fresh channels for its own edges.</summary>
    public JobShuffle(IEnumerable<JobEdge> edges, int buffersPerChannel, int recordsPerBuffer)
    {
        foreach (var edge in edges)
        {
            _matrices[edge.ResultId] = edge.StreamEdge.Type.Accept(new MatrixFactory(edge.Source.Parallelism, edge.Target.Parallelism, buffersPerChannel, recordsPerBuffer));
        }
    }

    public LocalInputChannel<T>[] ProducerChannels<T>(JobEdge edge, int producer) => Matrix<T>(edge)[producer];

    public LocalInputChannel<T>[] ConsumerChannels<T>(JobEdge edge, int consumer) => Matrix<T>(edge).Select(row => row[consumer]).ToArray();

    private LocalInputChannel<T>[][] Matrix<T>(JobEdge edge) => (LocalInputChannel<T>[][])_matrices[edge.ResultId];

    private sealed class MatrixFactory(int producers, int consumers, int capacity, int recordsPerBuffer) : IDataTypeVisitor<object>
    {
        public object Visit<T>()
        {
            var m = new LocalInputChannel<T>[producers][];
            for (var p = 0; p < producers; p++)
            {
                m[p] = new LocalInputChannel<T>[consumers];
                for (var c = 0; c < consumers; c++) m[p][c] = new LocalInputChannel<T>(capacity, recordsPerBuffer);
            }
            return m;
        }
    }
}

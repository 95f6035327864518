using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// The in-process data exchange of one job: for every job edge, one channel per (producer subtask,
/// consumer subtask) pair. Producers write a row (their result partition's subpartitions); consumers read
/// a column (their input gate's channels). A distributed deployment replaces these with network channels.
/// </summary>
internal sealed class JobShuffle : ITaskShuffle
{
    private readonly Dictionary<IntermediateDataSetId, object> _matrices = new();

    /// <summary>
    /// The channels of some edges only: a restarted pipelined region gets fresh channels for its own edges. Blocking edges
    /// have no channels here: producers write and consumers read the result partitions <paramref name="blockingPartitions"/>
    /// finds (kept on the producers' TaskManagers); <paramref name="clusterPartitions"/> serves the cached results a job reads.
    /// </summary>
    public JobShuffle(IEnumerable<JobEdge> edges, LocalChannelSizing sizing,
        Func<Partitions.ResultPartitionId, Partitions.BlockingResultPartition>? blockingPartitions = null,
        Partitions.ResourceManagerPartitionTracker? clusterPartitions = null)
    {
        _blockingPartitions = blockingPartitions;
        ClusterPartitions = clusterPartitions;
        foreach (var edge in edges)
        {
            if (edge.IsBlocking && blockingPartitions is not null) continue;
            _matrices[edge.ResultId] = edge.StreamEdge.Type.Accept(new MatrixFactory(edge.Source.Parallelism, edge.Target.Parallelism, sizing));
        }
    }

    private readonly Func<Partitions.ResultPartitionId, Partitions.BlockingResultPartition>? _blockingPartitions;

    /// <summary>The cluster's cached results (null where the job runs without a ResourceManager that tracks them).</summary>
    public Partitions.ResourceManagerPartitionTracker? ClusterPartitions { get; }

    public LocalInputChannel<T>[] ProducerChannels<T>(JobEdge edge, int producer) =>
        IsBlocking(edge) ? Blocking<T>(edge, producer).Writers : Matrix<T>(edge)[producer];

    IResultSubpartition<T>[] ITaskShuffle.ProducerChannels<T>(JobEdge edge, int producer) => ProducerChannels<T>(edge, producer);

    IInputChannel<T>[] ITaskShuffle.ConsumerChannels<T>(JobEdge edge, int consumer) => ConsumerChannels<T>(edge, consumer);

    /// <summary>A consumer's channels; for a blocking edge, fresh readers of every producer's complete partition.</summary>
    public LocalInputChannel<T>[] ConsumerChannels<T>(JobEdge edge, int consumer) =>
        IsBlocking(edge)
            ? Enumerable.Range(0, edge.Source.Parallelism).Select(p => Blocking<T>(edge, p).OpenReader(consumer)).ToArray()
            : Matrix<T>(edge).Select(row => row[consumer]).ToArray();

    /// <summary>Whether this exchange has the edge's channels (or finds its blocking partitions).</summary>
    public bool Serves(JobEdge edge) => IsBlocking(edge) || _matrices.ContainsKey(edge.ResultId);

    private bool IsBlocking(JobEdge edge) => edge.IsBlocking && _blockingPartitions is not null;

    private Partitions.BlockingResultPartition<T> Blocking<T>(JobEdge edge, int producer) =>
        (Partitions.BlockingResultPartition<T>)_blockingPartitions!(new Partitions.ResultPartitionId(edge.ResultId, producer));

    private LocalInputChannel<T>[][] Matrix<T>(JobEdge edge) => (LocalInputChannel<T>[][])_matrices[edge.ResultId];

    private sealed class MatrixFactory(int producers, int consumers, LocalChannelSizing sizing) : IDataTypeVisitor<object>
    {
        public object Visit<T>()
        {
            var capacity = sizing.Capacity<T>(consumers);
            var m = new LocalInputChannel<T>[producers][];
            for (var p = 0; p < producers; p++)
            {
                m[p] = new LocalInputChannel<T>[consumers];
                for (var c = 0; c < consumers; c++) m[p][c] = new LocalInputChannel<T>(capacity, sizing.RecordsPerBuffer);
            }
            return m;
        }
    }
}

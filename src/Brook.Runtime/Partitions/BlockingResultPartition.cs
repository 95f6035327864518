using Brook.Core.Ids;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Partitions;

/// <summary>
/// The whole output of one producer subtask over a blocking exchange, kept in the memory of its TaskManager (Flink's
/// ResultPartition of a BLOCKING type, without spilling): one stored subpartition per consumer subtask. Consumers read it
/// after the producer finished, as often as they need (a restarted consumer reads it again); releasing it drops the buffers.
/// </summary>
internal abstract class BlockingResultPartition(ResultPartitionId id, JobId producerJob, int numberOfSubpartitions)
{
    private int _released;

    /// <summary>Held while readers take their view of the buffers and while the buffers are released, so a reader sees all or fails.</summary>
    protected Lock ReleaseLock { get; } = new();

    public ResultPartitionId Id { get; } = id;

    /// <summary>The job whose task wrote it (for a cluster partition, the job that cached it).</summary>
    public JobId ProducerJob { get; } = producerJob;

    public int NumberOfSubpartitions { get; } = numberOfSubpartitions;

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>The bytes of the buffers it keeps.</summary>
    public abstract long SizeInBytes { get; }

    /// <summary>Frees the kept buffers; readers opened later fail with <see cref="PartitionNotFoundException"/>.</summary>
    public void Release()
    {
        lock (ReleaseLock)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) ReleaseBuffers();
        }
    }

    protected abstract void ReleaseBuffers();

    protected void CheckNotReleased()
    {
        if (IsReleased) throw new PartitionNotFoundException(Id);
    }

    public static BlockingResultPartition Create(DataType type, ResultPartitionId id, JobId producerJob, int numberOfSubpartitions, int recordsPerBuffer) =>
        type.Accept(new Factory(id, producerJob, numberOfSubpartitions, recordsPerBuffer));

    private sealed class Factory(ResultPartitionId id, JobId job, int subpartitions, int recordsPerBuffer) : IDataTypeVisitor<BlockingResultPartition>
    {
        public BlockingResultPartition Visit<T>() => new BlockingResultPartition<T>(id, job, subpartitions, recordsPerBuffer);
    }
}

/// <inheritdoc />
internal sealed class BlockingResultPartition<T> : BlockingResultPartition
{
    private readonly LocalInputChannel<T>[] _subpartitions;

    public BlockingResultPartition(ResultPartitionId id, JobId producerJob, int numberOfSubpartitions, int recordsPerBuffer)
        : base(id, producerJob, numberOfSubpartitions)
    {
        _subpartitions = new LocalInputChannel<T>[numberOfSubpartitions];
        for (var i = 0; i < numberOfSubpartitions; i++) _subpartitions[i] = LocalInputChannel<T>.Blocking(recordsPerBuffer);
    }

    /// <summary>The channels the producer's record writer writes (one per consumer subtask).</summary>
    public LocalInputChannel<T>[] Writers
    {
        get
        {
            CheckNotReleased();
            return _subpartitions;
        }
    }

    /// <summary>A fresh reader of one subpartition (consumer subtask <paramref name="subpartition"/>).</summary>
    public LocalInputChannel<T> OpenReader(int subpartition)
    {
        lock (ReleaseLock)
        {
            CheckNotReleased();
            return _subpartitions[subpartition].OpenReader();
        }
    }

    /// <summary>The records of one subpartition with their timestamps, in the order they were written.</summary>
    public IEnumerable<StreamRecord<T>> Records(int subpartition)
    {
        Buffer<T>[] buffers;
        lock (ReleaseLock)
        {
            CheckNotReleased();
            buffers = [.. _subpartitions[subpartition].StoredBuffers];
        }
        return RecordsOf(buffers);
    }

    private static IEnumerable<StreamRecord<T>> RecordsOf(Buffer<T>[] buffers)
    {
        foreach (var buffer in buffers)
        {
            if (buffer.Kind != BufferKind.Data) continue;
            for (var i = 0; i < buffer.Count; i++) yield return buffer.RecordAt(i);
        }
    }

    public override long SizeInBytes
    {
        get
        {
            long n = 0;
            foreach (var s in _subpartitions) n += s.StoredBytes;
            return n;
        }
    }

    protected override void ReleaseBuffers()
    {
        foreach (var s in _subpartitions) s.ReleaseStored();
    }
}

using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>Reads one subtask's splits through the source reader and emits into the chain; relays split requests and assignments
/// through its split enumerator's gateway (in process the coordinator, else operator events to the JobManager).</summary>
internal sealed class SourceOperator<T, TSplit>(ISource<T, TSplit> source, ISplitEnumeratorGateway<TSplit> enumerator, Mailbox mailbox, TimeProvider time,
    IReadOnlyList<byte[]>? restoredSplits = null, Partitions.ResourceManagerPartitionTracker? clusterPartitions = null)
    : AbstractStreamOperator<T>, ISourceOperator, ISourceOutput<T>, ISourceReaderGateway<TSplit>, ISourceReaderContext, Streaming.Cache.IClusterPartitionReaderContext
    where TSplit : ISourceSplit
{
    private ISourceReader<T, TSplit>? _reader;
    private long _watermark = long.MinValue;

    public override void Open()
    {
        if (source is IRichFunction rich)
        {
            rich.RuntimeContext = RuntimeContext;
            rich.Open();
        }
        _reader = source.CreateReader(this);
        // As Flink's SourceOperator: restored splits are added before the reader starts and registers.
        if (restoredSplits is { Count: > 0 }) _reader.AddSplits(restoredSplits.Select(Checkpointing.SourceSplitSerializer<TSplit>.Read).ToList());
        enumerator.RegisterReader(RuntimeContext.IndexOfThisSubtask, this);
        _reader.Start();
    }

    public InputStatus EmitNext() => _reader!.PollNext(this);

    public Task IsAvailable() => _reader!.IsAvailable();

    public void EmitEndOfInput() => EmitWatermark(long.MaxValue);

    public void Collect(T value) => Output.Collect(new StreamRecord<T>(value));

    public void Collect(T value, long timestamp) => Output.Collect(new StreamRecord<T>(value, timestamp));

    /// <summary>Values without timestamps go on as values (a values-only buffer at the record writer), without building records.</summary>
    public void CollectBatch(ReadOnlySpan<T> values) => Output.CollectValues(values);

    public void EmitWatermark(long watermark)
    {
        if (watermark <= _watermark) return;
        _watermark = watermark;
        Output.EmitWatermark(new Watermark(watermark));
    }

    public IReadOnlyList<byte[]> SnapshotSplits(long checkpointId) =>
        _reader!.SnapshotState(checkpointId).Select(Checkpointing.SourceSplitSerializer<TSplit>.Write).ToList();

    public override void NotifyCheckpointComplete(long checkpointId)
    {
        base.NotifyCheckpointComplete(checkpointId);
        _reader?.NotifyCheckpointComplete(checkpointId);
    }

    public override void Close()
    {
        _reader?.Dispose();
        if (source is IRichFunction rich) rich.Close();
    }

    void ISourceReaderGateway<TSplit>.AddSplits(IReadOnlyList<TSplit> splits) => mailbox.Put(() => _reader!.AddSplits(splits));

    void ISourceReaderGateway<TSplit>.NoMoreSplits() => mailbox.Put(() => _reader!.NotifyNoMoreSplits());

    // Thrown on the task thread, so the task fails as if its reader had failed.
    void ISourceReaderGateway<TSplit>.Fail(Exception cause) => mailbox.Put(() => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause));

    int ISourceReaderContext.IndexOfSubtask => RuntimeContext.IndexOfThisSubtask;

    int ISourceReaderContext.CurrentParallelism => RuntimeContext.NumberOfParallelSubtasks;

    IRuntimeContext ISourceReaderContext.RuntimeContext => RuntimeContext;

    TimeProvider ISourceReaderContext.TimeProvider => time;

    void ISourceReaderContext.SendSplitRequest() => enumerator.HandleSplitRequest(RuntimeContext.IndexOfThisSubtask);

    IEnumerable<StreamRecord<TRecord>> Streaming.Cache.IClusterPartitionReaderContext.ReadClusterPartition<TRecord>(Core.Ids.IntermediateDataSetId dataSet, int partitionNumber) =>
        Partitions.ClusterPartitionReading.Read<TRecord>(clusterPartitions, dataSet, partitionNumber);
}

using Brook.Core.Ids;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Streaming.Cache;

/// <summary>Emits the records of the cluster partitions in its splits, with their timestamps, a bounded number per poll.</summary>
internal sealed class ClusterDatasetReader<T>(ISourceReaderContext context, IntermediateDataSetId dataSet) : ISourceReader<T, IndexRangeSplit>
{
    private const int MaxPerPoll = 1024;
    private readonly ReaderSplitQueue<IndexRangeSplit> _splits = new(context);
    private IEnumerator<StreamRecord<T>>? _records;
    private long _nextPartition;
    private long _end;

    public void Start() => _splits.Start();

    public InputStatus PollNext(ISourceOutput<T> output)
    {
        for (var n = 0; n < MaxPerPoll; n++)
        {
            if (_records is null || !_records.MoveNext())
            {
                _records?.Dispose();
                _records = null;
                if (_nextPartition >= _end)
                {
                    if (!_splits.TryNext(out var split, out var status)) return status;
                    _nextPartition = split.Start;
                    _end = split.End;
                    continue;
                }
                _records = Open((int)_nextPartition++).GetEnumerator();
                continue;
            }
            var r = _records.Current;
            output.Collect(r.Value, r.Timestamp);
        }
        return InputStatus.MoreAvailable;
    }

    private IEnumerable<StreamRecord<T>> Open(int partition) =>
        context is IClusterPartitionReaderContext partitions
            ? partitions.ReadClusterPartition<T>(dataSet, partition)
            : throw new InvalidOperationException($"This runtime cannot read cluster data set {dataSet}.");

    public Task IsAvailable() => _splits.IsAvailable(_records is not null || _nextPartition < _end);

    public void AddSplits(IReadOnlyList<IndexRangeSplit> splits) => _splits.Add(splits);

    public void NotifyNoMoreSplits() => _splits.NotifyNoMoreSplits();

    public void Dispose() => _records?.Dispose();
}

using Brook.Core.Ids;
using Brook.Streaming.Sources;

namespace Brook.Streaming.Cache;

/// <summary>Reads a cluster data set (a cached result) back: one split per partition, each read whole by one subtask.</summary>
internal sealed class ClusterDatasetSource<T>(IntermediateDataSetId dataSet, int numberOfPartitions) : ISource<T, IndexRangeSplit>
{
    public IntermediateDataSetId DataSetId { get; } = dataSet;

    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
        new OwnedSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(0, numberOfPartitions, context.CurrentParallelism));

    public ISourceReader<T, IndexRangeSplit> CreateReader(ISourceReaderContext context) =>
        new ClusterDatasetReader<T>(context, DataSetId);
}

namespace Brook.Streaming.Sources;

/// <summary>
/// The elements of a list (FromElements / FromCollection), read in place: each subtask reads contiguous index
/// ranges of the one list, in order; a restored reader resumes at its checkpointed index.
/// </summary>
public sealed class CollectionSource<T>(IReadOnlyList<T> elements) : ISource<T, IndexRangeSplit>
{
    public IReadOnlyList<T> Elements { get; } = elements;

    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
        new OwnedSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(0, Elements.Count, context.CurrentParallelism));

    public ISplitEnumerator<IndexRangeSplit> RestoreEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context,
        IReadOnlyList<(int Subtask, IndexRangeSplit Split)> checkpoint) => new OwnedSplitEnumerator<IndexRangeSplit>(context, checkpoint);

    public ISourceReader<T, IndexRangeSplit> CreateReader(ISourceReaderContext context)
    {
        var elements = Elements;
        return new IndexRangeReader<T>(context, i => elements[(int)i]);
    }
}

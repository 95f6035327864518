namespace Brook.Streaming.Sources;

/// <summary>The numbers from..to (inclusive), split evenly over the subtasks (Flink's NumberSequenceSource).</summary>
public sealed class NumberSequenceSource(long from, long to) : ISource<long, IndexRangeSplit>
{
    public long From { get; } = from;

    // Splits are half-open ranges of longs, so the last number must have a successor; a sequence that long never ends anyway.
    public long To { get; } = to >= from
        ? to < long.MaxValue ? to : throw new ArgumentException($"The sequence end {to} is not supported: the largest end is {long.MaxValue - 1}.")
        : throw new ArgumentException($"The sequence end {to} is below its start {from}.");

    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
        new OwnedSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(From, To + 1, context.CurrentParallelism));

    public ISplitEnumerator<IndexRangeSplit> RestoreEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context,
        IReadOnlyList<(int Subtask, IndexRangeSplit Split)> checkpoint) => new OwnedSplitEnumerator<IndexRangeSplit>(context, checkpoint);

    public ISourceReader<long, IndexRangeSplit> CreateReader(ISourceReaderContext context) =>
        new IndexRangeReader<long>(context, element: null);
}

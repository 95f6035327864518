namespace Brook.Streaming.Sources;

/// <summary>
/// Generates element i = generator(i) for i in [0, count) (Flink's DataGeneratorSource); count
/// long.MaxValue makes it effectively unbounded. An optional total rate (records per second, shared
/// evenly by the subtasks) is enforced on the task's TimeProvider.
/// </summary>
public sealed class DataGeneratorSource<T>(Func<long, T> generator, long count, double? recordsPerSecond = null) : ISource<T, IndexRangeSplit>
{
    public Func<long, T> Generator { get; } = generator;

    public long Count { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count));

    public double? RecordsPerSecond { get; } = recordsPerSecond is null or > 0 ? recordsPerSecond : throw new ArgumentOutOfRangeException(nameof(recordsPerSecond));

    public Boundedness Boundedness => Count == long.MaxValue ? Boundedness.ContinuousUnbounded : Boundedness.Bounded;

    public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
        new OwnedSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(0, Count, context.CurrentParallelism));

    public ISplitEnumerator<IndexRangeSplit> RestoreEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context,
        IReadOnlyList<(int Subtask, IndexRangeSplit Split)> checkpoint) => new OwnedSplitEnumerator<IndexRangeSplit>(context, checkpoint);

    public ISourceReader<T, IndexRangeSplit> CreateReader(ISourceReaderContext context)
    {
        var limiter = RecordsPerSecond is { } rate ? new RateLimiter(rate / context.CurrentParallelism, context.TimeProvider) : null;
        return new IndexRangeReader<T>(context, Generator, limiter);
    }
}

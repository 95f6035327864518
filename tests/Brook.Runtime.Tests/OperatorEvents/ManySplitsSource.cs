using Brook.Streaming.Sources;

namespace Brook.Runtime.Tests.OperatorEvents;

/// <summary>
/// The numbers 1..count in many small splits handed out one per request to whichever reader asks (so assignments
/// keep happening while the job runs), optionally at a total rate: a source whose splits flow all through a run.
/// </summary>
internal sealed class ManySplitsSource(long count, int splits, double? recordsPerSecond = null) : ISource<long, IndexRangeSplit>
{
    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
        new StaticSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(1, count + 1, splits));

    public ISplitEnumerator<IndexRangeSplit> RestoreEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context, IReadOnlyList<(int Subtask, IndexRangeSplit Split)> checkpoint) =>
        new StaticSplitEnumerator<IndexRangeSplit>(context, checkpoint.Select(c => c.Split));

    public ISourceReader<long, IndexRangeSplit> CreateReader(ISourceReaderContext context) =>
        new IndexRangeReader<long>(context, element: null, recordsPerSecond is { } rate ? new RateLimiter(rate / context.CurrentParallelism, context.TimeProvider) : null);
}

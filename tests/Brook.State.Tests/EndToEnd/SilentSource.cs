using Brook.Streaming.Sources;

namespace Brook.State.Tests.EndToEnd;

/// <summary>An unbounded source that never emits: an input that stays idle (a partition without data).</summary>
internal sealed class SilentSource<T> : ISource<T, SilentSource<T>.Split>
{
    public sealed record Split(string SplitId) : ISourceSplit;

    public Boundedness Boundedness => Boundedness.ContinuousUnbounded;

    public ISplitEnumerator<Split> CreateEnumerator(ISplitEnumeratorContext<Split> context) => new Enumerator();

    public ISourceReader<T, Split> CreateReader(ISourceReaderContext context) => new Reader();

    private sealed class Enumerator : ISplitEnumerator<Split>
    {
        public void Start()
        {
        }

        public void HandleSplitRequest(int subtaskId)
        {
        }

        public void AddSplitsBack(IReadOnlyList<Split> splits, int subtaskId)
        {
        }

        public void AddReader(int subtaskId)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class Reader : ISourceReader<T, Split>
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Start()
        {
        }

        public InputStatus PollNext(ISourceOutput<T> output) => InputStatus.NothingAvailable;

        public Task IsAvailable() => _never.Task;

        public void AddSplits(IReadOnlyList<Split> splits)
        {
        }

        public void NotifyNoMoreSplits()
        {
        }

        public void Dispose() => _never.TrySetCanceled();
    }
}

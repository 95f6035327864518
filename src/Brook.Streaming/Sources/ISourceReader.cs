using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

/// <summary>
/// Reads the splits assigned to one subtask. Called only on the task thread; must not block: when it has
/// nothing, it returns <see cref="InputStatus.NothingAvailable"/> and completes <see cref="IsAvailable"/> later.
/// </summary>
public interface ISourceReader<T, TSplit> : IDisposable where TSplit : ISourceSplit
{
    void Start();

    /// <summary>Emits the next record(s) to <paramref name="output"/> (a few; not unboundedly many).</summary>
    InputStatus PollNext(ISourceOutput<T> output);

    /// <summary>Completes when <see cref="PollNext"/> may make progress again.</summary>
    Task IsAvailable();

    void AddSplits(IReadOnlyList<TSplit> splits);

    void NotifyNoMoreSplits();
}

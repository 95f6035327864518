using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

/// <summary>The outcome of one <see cref="ISourceReader{T,TSplit}.PollNext"/>.</summary>
public enum InputStatus
{
    /// <summary>Call again right away.</summary>
    MoreAvailable,

    /// <summary>Nothing now; wait for <see cref="ISourceReader{T,TSplit}.IsAvailable"/>.</summary>
    NothingAvailable,

    /// <summary>No more splits will come and all were read.</summary>
    EndOfInput,
}

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

/// <summary>What a reader knows and can do.</summary>
public interface ISourceReaderContext
{
    int IndexOfSubtask { get; }

    int CurrentParallelism { get; }

    IRuntimeContext RuntimeContext { get; }

    /// <summary>The clock of the task, for rate limits and timeouts.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Asks the enumerator for a split (answered through AddSplits / NotifyNoMoreSplits).</summary>
    void SendSplitRequest();
}

/// <summary>Where a reader emits records, optionally with event timestamps.</summary>
public interface ISourceOutput<T>
{
    void Collect(T value);

    void Collect(T value, long timestamp);

    void EmitWatermark(long watermark);
}

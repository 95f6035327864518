using Brook.Streaming.Functions;

namespace Brook.Streaming.Sources;

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

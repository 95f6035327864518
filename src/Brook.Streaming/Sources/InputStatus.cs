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

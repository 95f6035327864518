using Brook.Streaming.Sources;

namespace Brook.Nexmark.Generator;

/// <summary>One Nexmark generator: ids from <paramref name="FirstEventId"/>, events number [Next, End) still to emit.</summary>
public sealed record NexmarkSplit(string SplitId, long FirstEventId, long Next, long End) : ISourceSplit;

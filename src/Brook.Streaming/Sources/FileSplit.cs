namespace Brook.Streaming.Sources;

/// <summary>One file to read as text lines.</summary>
public sealed record FileSplit(string SplitId, string Path) : ISourceSplit;

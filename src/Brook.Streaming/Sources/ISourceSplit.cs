namespace Brook.Streaming.Sources;

/// <summary>A unit of work of a source: a file, a range of numbers, a partition.</summary>
public interface ISourceSplit
{
    string SplitId { get; }
}

namespace Brook.Streaming.Sinks.Files;

/// <summary>The prefix and suffix of part file names (Flink's OutputFileConfig): "{prefix}-{uuid}-{counter}{suffix}".</summary>
public sealed record OutputFileConfig(string PartPrefix = "part", string PartSuffix = "")
{
    public static OutputFileConfig Default { get; } = new();
}

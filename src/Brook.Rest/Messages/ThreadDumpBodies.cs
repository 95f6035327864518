using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>Flink's ThreadDumpInfo: every thread of the process (or the TaskManager) with its stack as Java prints it.</summary>
public sealed record ThreadDumpInfo([property: JsonPropertyName("threadInfos")] IReadOnlyList<ThreadDumpThreadInfo> ThreadInfos);

/// <summary>Flink's ThreadDumpInfo.ThreadInfo.</summary>
public sealed record ThreadDumpThreadInfo(
    [property: JsonPropertyName("threadName")] string ThreadName,
    [property: JsonPropertyName("stringifiedThreadInfo")] string StringifiedThreadInfo);

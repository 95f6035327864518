namespace Brook.Core.Configuration;

/// <summary>Flink's thread dump option (ClusterOptions).</summary>
public static class ThreadDumpOptions
{
    public static readonly ConfigOption<int> StacktraceMaxDepth = new("cluster.thread-dump.stacktrace-max-depth", 50, ConfigParsers.PositiveInt,
        "The maximum stacktrace depth of TaskManager and JobManager's thread dump web-frontend displayed.");
}

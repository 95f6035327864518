namespace Brook.Cluster.TaskManager;

/// <summary>A failure after which the TaskManager process terminates (Flink's TaskExecutor onFatalError).</summary>
public sealed class TaskManagerFatalException(string message) : Exception(message);

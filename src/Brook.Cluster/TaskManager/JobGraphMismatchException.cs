namespace Brook.Cluster.TaskManager;

/// <summary>
/// The job graph a TaskManager rebuilt from the job's package differs from the JobManager's: the deployment fails, naming the
/// operator, as Flink's fails when a task's operators are not those its TaskManager finds.
/// </summary>
internal sealed class JobGraphMismatchException(string message) : Exception(message);

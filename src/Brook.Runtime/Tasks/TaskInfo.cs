namespace Brook.Runtime.Tasks;

/// <summary>Flink's TaskInfo naming: how a subtask attempt is named in task threads, logs and samples.</summary>
public static class TaskInfo
{
    /// <summary>"&lt;task name&gt; (&lt;subtask + 1&gt;/&lt;parallelism&gt;)#&lt;attempt&gt;" (TaskInfo.getTaskNameWithSubtasks).</summary>
    public static string TaskNameWithSubtasks(string taskName, int subtaskIndex, int parallelism, int attemptNumber) =>
        $"{taskName} ({subtaskIndex + 1}/{parallelism})#{attemptNumber}";
}

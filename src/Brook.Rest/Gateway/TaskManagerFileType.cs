namespace Brook.Rest.Gateway;

/// <summary>Which of a TaskManager's files a request means (Flink's FileType, plus a file by name).</summary>
public enum TaskManagerFileType
{
    Log,
    Stdout,
    Named,
}

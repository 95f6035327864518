using Brook.Core.Configuration;
using Brook.Core.Ids;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// Where a TaskManager process keeps its files (Flink's working directory): <c>&lt;dir&gt;/tm_&lt;resource id&gt;</c>, with the
/// downloaded job packages in <c>blobStorage</c> and the extracted ones in <c>jobPackages</c>.
/// </summary>
public static class TaskManagerWorkingDirectory
{
    public static readonly ConfigOption<string?> WorkingDir = new("process.taskmanager.working-dir", null, NonEmpty,
        "The directory the TaskManager's working directory (tm_<resource id>) is created in; unset uses the system's temporary directory.");

    public static string For(Configuration configuration, ResourceId taskManager) =>
        Path.Combine(Path.GetFullPath(configuration.Get(WorkingDir) ?? Path.GetTempPath()), "tm_" + taskManager.Hex);

    private static string NonEmpty(string s) => s.Trim().Length > 0 ? s.Trim() : throw new FormatException("must not be empty");
}

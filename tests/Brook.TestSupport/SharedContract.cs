namespace Brook.TestSupport;

/// <summary>
/// Finds the shared API contract (<c>shared/flink-rest/...</c>): it sits beside the repository (a fresh clone in CI,
/// the worktree here), so it is found by walking up from the test assembly's directory.
/// </summary>
public static class SharedContract
{
    public const string OpenApiFile = "flink-rest/rest_v1_dispatcher.yml";

    public static string Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relativePath);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Could not find shared/{relativePath} in any directory above {AppContext.BaseDirectory}.");
    }
}

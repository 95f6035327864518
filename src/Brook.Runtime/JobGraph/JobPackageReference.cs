namespace Brook.Runtime.JobGraph;

/// <summary>
/// The job package a JobGraph was built from and how its entry point was run, so that a TaskManager process can
/// fetch the package from the JobManager's blob service (by <see cref="BlobKey"/>, the SHA-256 of the package file)
/// and rebuild the same graph by running the entry point again in plan mode.
/// </summary>
public sealed record JobPackageReference(string BlobKey, string? EntryClass, IReadOnlyList<string> ProgramArgs, int? Parallelism)
{
    /// <summary>
    /// The configuration the entry point ran with on the JobManager (the cluster's, overridden by the run request's), so the
    /// rebuild sees the same parallelism, chaining and other settings whatever the TaskManager's own configuration says.
    /// </summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();
}

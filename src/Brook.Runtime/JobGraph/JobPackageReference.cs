namespace Brook.Runtime.JobGraph;

/// <summary>
/// The job package a JobGraph was built from and how its entry point was run, so that a TaskManager process can
/// fetch the package from the JobManager's blob service (by <see cref="BlobKey"/>, the SHA-256 of the package file)
/// and rebuild the same graph by running the entry point again in plan mode.
/// </summary>
public sealed record JobPackageReference(string BlobKey, string? EntryClass, IReadOnlyList<string> ProgramArgs, int? Parallelism);

using Brook.Core.Ids;

namespace Brook.Rest.Gateway;

/// <summary>
/// The jar store and program runner behind the /jars endpoints. Failures a user caused (unknown jar, invalid
/// package, a program that throws, never executes or takes too long) are thrown as RestHandlerException(400).
/// </summary>
public interface IJarGateway
{
    /// <summary>Stores an uploaded package and returns its path on the server.</summary>
    Task<string> UploadAsync(string uploadedFile, string fileName, CancellationToken cancellationToken);

    IReadOnlyList<JarSnapshot> List();

    void Delete(string jarId);

    /// <summary>Runs the program's entry point in plan mode and returns the plan of the job it builds.</summary>
    Task<JobPlanSnapshot> PlanAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken);

    /// <summary>Runs the program's entry point with an environment that submits its job; returns the job's id.</summary>
    Task<JobId> RunAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken);
}

/// <summary>An uploaded package: id (its file name), original name, upload time (epoch ms), entry classes.</summary>
public sealed record JarSnapshot(string Id, string Name, long Uploaded, IReadOnlyList<string> EntryClasses);

/// <summary>How to run a program: entry class (null: the program's Main), arguments, parallelism, job id and configuration.</summary>
public sealed record JarProgramRequest(
    string? EntryClass,
    IReadOnlyList<string> ProgramArgs,
    int? Parallelism,
    JobId? JobId,
    IReadOnlyDictionary<string, string> Configuration);

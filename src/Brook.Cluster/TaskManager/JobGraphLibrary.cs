using Brook.Cluster.Jars;
using Brook.Cluster.JobManager;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Streaming.Execution;
using Microsoft.Extensions.Logging;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// The job graphs of the jobs deployed to this TaskManager (Flink's BlobLibraryCacheManager with its per-job class loader):
/// for each job, its package is fetched through the <see cref="BlobCache"/>, extracted under the limits the JobManager
/// applies, loaded in a collectible load context and its entry point run in plan mode, so the graph is built from the
/// same code with the same arguments and configuration as on the JobManager, with the job's id. Nothing of the job runs:
/// plan mode stops the program at ExecuteAsync. One graph per job, built once however many of its tasks are deployed at
/// once and shared by them; when the job's last lease is disposed the load context is unloaded, the extracted files are
/// deleted and the package is released. Each deployment checks that the operators it was given are the rebuilt graph's.
/// </summary>
internal sealed class JobGraphLibrary : IDisposable
{
    private readonly BlobCache _blobs;
    private readonly string _directory;
    private readonly ResourceId _taskManager;
    private readonly JobPackageLimits _limits;
    private readonly TimeSpan _planTimeout;
    private readonly ILogger _log;
    private readonly SharedByKey<JobId, LoadedJob> _jobs;
    private int _builds;

    /// <param name="directory">Where packages are extracted, one folder per job; emptied at start.</param>
    /// <param name="planTimeout">How long an entry point may run before it reaches ExecuteAsync (web.submit.timeout on the JobManager).</param>
    public JobGraphLibrary(BlobCache blobs, string directory, ResourceId taskManager, JobPackageLimits limits, TimeSpan planTimeout, ILogger log)
    {
        _blobs = blobs;
        _taskManager = taskManager;
        _limits = limits;
        _planTimeout = planTimeout;
        _log = log;
        _directory = Directory.CreateDirectory(directory).FullName;
        foreach (var stale in Directory.EnumerateDirectories(_directory)) TryDeleteDirectory(stale);
        _jobs = new SharedByKey<JobId, LoadedJob>(Unload);
    }

    /// <summary>
    /// The library of a TaskManager process: packages from the JobManager's blob service over <paramref name="jobManager"/>,
    /// kept under the TaskManager's working directory, extracted under the package limits of <paramref name="configuration"/>.
    /// </summary>
    public static JobGraphLibrary Create(Configuration configuration, ResourceId taskManager, Grpc.Core.CallInvoker jobManager, ILoggerFactory logs)
    {
        var workingDirectory = TaskManagerWorkingDirectory.For(configuration, taskManager);
        var blobs = new BlobCache(new BlobService.BlobServiceClient(jobManager), Path.Combine(workingDirectory, "blobStorage"), logs.CreateLogger<BlobCache>(),
            configuration.Get(BlobCache.SocketTimeout));
        return new JobGraphLibrary(blobs, Path.Combine(workingDirectory, "jobPackages"), taskManager, JobPackageLimits.FromConfiguration(configuration),
            configuration.Get(WebSubmissionOptions.SubmitTimeout), logs.CreateLogger<JobGraphLibrary>());
    }

    public BlobCache Blobs => _blobs;

    /// <summary>Graphs built so far (once per job while any of its tasks holds a lease).</summary>
    public int BuildCount => Volatile.Read(ref _builds);

    /// <summary>Jobs whose graph is built or being built.</summary>
    public int LoadedJobs => _jobs.Count;

    /// <summary>Raised when a job's load context was unloaded (its last lease disposed).</summary>
    public event Action<JobId>? Unloaded;

    /// <summary>
    /// The job's graph, rebuilt from its package on the first call for the job and shared after that, checked against the
    /// vertices and operator ids (head first, as Flink lists a vertex's operators) the JobManager deploys. Throws
    /// <see cref="JobGraphMismatchException"/> naming the first operator that differs; <see cref="BlobDownloadException"/>,
    /// <see cref="InvalidJobPackageException"/> or <see cref="ProgramInvocationException"/> when the graph cannot be rebuilt.
    /// </summary>
    /// <param name="operatorNames">The JobManager's names of the expected operators, for the message when one is missing here.</param>
    public async Task<JobGraphLease> GetJobGraphAsync(JobId jobId, JobPackageReference package,
        IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> expectedOperatorIds, CancellationToken cancellationToken,
        IReadOnlyDictionary<OperatorId, string>? operatorNames = null)
    {
        var lease = await _jobs.AcquireAsync(jobId, _ => BuildAsync(jobId, package), cancellationToken);
        try
        {
            var loaded = lease.Value;
            if (loaded.Graph.Package?.BlobKey != package.BlobKey)
            {
                throw new JobGraphMismatchException($"Job {jobId} on TaskManager {_taskManager} was built from job package {loaded.Graph.Package?.BlobKey}, " +
                                                    $"but a task of it names the package {package.BlobKey}.");
            }
            if (Difference(loaded.Graph, expectedOperatorIds, operatorNames) is { } difference)
            {
                throw new JobGraphMismatchException($"The job graph rebuilt on TaskManager {_taskManager} differs from the JobManager's: {difference}. " +
                                                    "A job's entry point must build the same graph whenever it runs.");
            }
            return new JobGraphLease(loaded.Graph, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>The first expected operator the rebuilt graph does not have in the same vertex at the same place, described; null when all match.</summary>
    internal static string? Difference(JobGraphType graph, IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> expected,
        IReadOnlyDictionary<OperatorId, string>? names)
    {
        var rebuiltNodes = graph.Vertices.SelectMany(v => v.ChainedNodes.Select(n => (Vertex: v, Node: n, Id: v.OperatorIds[n.Id])))
            .ToDictionary(x => x.Id, x => x);
        foreach (var (vertexId, operators) in expected)
        {
            var vertex = graph.Vertices.FirstOrDefault(v => v.Id == vertexId);
            var rebuilt = vertex?.OperatorIdsInChainOrder.ToList() ?? [];
            var vertexName = vertex is not null ? $"'{vertex.Name}' ({vertexId})"
                : operators.Count > 0 && names?.GetValueOrDefault(operators[0]) is { } headName ? $"'{headName}' ({vertexId})" : vertexId.ToString();
            for (var i = 0; i < Math.Max(operators.Count, rebuilt.Count); i++)
            {
                var want = i < operators.Count ? operators[i] : (OperatorId?)null;
                var have = i < rebuilt.Count ? rebuilt[i] : (OperatorId?)null;
                if (want == have) continue;
                if (want is not { } missing)
                    return $"operator {Describe(have!.Value)} of vertex {vertexName} is not in the JobManager's graph";
                var description = names?.GetValueOrDefault(missing) is { } name ? $"'{name}' ({missing})"
                    : rebuiltNodes.TryGetValue(missing, out var elsewhere) ? $"'{elsewhere.Node.OperatorName}' ({missing})" : missing.ToString();
                if (rebuiltNodes.TryGetValue(missing, out var moved))
                    return $"operator {description} of vertex {vertexName} is chained in vertex '{moved.Vertex.Name}' ({moved.Vertex.Id}) instead";
                var instead = have is { } other ? $"; the rebuilt graph has operator {Describe(other)} in its place"
                    : vertex is null ? "; the rebuilt graph has no such vertex" : "";
                return $"operator {description} of vertex {vertexName} is missing{instead}";
            }
        }
        return null;

        string Describe(OperatorId id) => $"'{rebuiltNodes[id].Node.OperatorName}' ({id})";
    }

    private async Task<LoadedJob> BuildAsync(JobId jobId, JobPackageReference package)
    {
        var blob = await _blobs.AcquireAsync(package.BlobKey, CancellationToken.None);
        var directory = Path.Combine(_directory, $"{jobId.Hex}-{Guid.NewGuid():N}");
        JobPackageLoadContext? context = null;
        try
        {
            var info = JobPackageInspector.Inspect(blob.Value, _limits);
            using (var archive = JobPackageArchive.Open(blob.Value, _limits)) archive.ExtractTo(directory);
            context = new JobPackageLoadContext($"job-{jobId.Hex}", Path.Combine(directory, info.EntryAssembly));
            var graph = await PlanAsync(jobId, package, context);
            Interlocked.Increment(ref _builds);
            _log.LogInformation("Rebuilt the job graph of job {JobId} from job package {Key}: {Vertices} vertices.", jobId, package.BlobKey, graph.Vertices.Count);
            return new LoadedJob(jobId, graph, context, directory, blob);
        }
        catch
        {
            context?.Unload();
            TryDeleteDirectory(directory);
            blob.Dispose();
            throw;
        }
    }

    /// <summary>Runs the entry point in plan mode (as /jars/:jarid/plan does): ExecuteAsync captures the program's graph and stops it.</summary>
    private async Task<JobGraphType> PlanAsync(JobId jobId, JobPackageReference package, JobPackageLoadContext context)
    {
        System.Reflection.MethodInfo main;
        try
        {
            main = EntryPointInvoker.FindMain(context.LoadEntryAssembly(), package.EntryClass);
        }
        catch (Exception e) when (e is not InvalidJobPackageException)
        {
            throw new InvalidJobPackageException($"The program could not be loaded: {e.Message}", e);
        }
        var configuration = ProgramConfiguration.Effective(new Configuration(package.Configuration), new Dictionary<string, string>(), package.Parallelism);
        var executor = new PlanCapturingExecutor();
        var run = EntryPointInvoker.InvokeAsync(main, package.ProgramArgs.ToArray(), new StreamContext(executor, configuration), () => { });
        try
        {
            await run.WaitAsync(_planTimeout);
        }
        catch (ProgramAbortException)
        {
            // Plan captured: the program stopped at ExecuteAsync.
        }
        catch (TimeoutException)
        {
            throw new ProgramInvocationException(
                $"The entry point of job {jobId} did not reach ExecuteAsync within {WebSubmissionOptions.SubmitTimeout.Key} ({_planTimeout}) on TaskManager {_taskManager}.");
        }
        catch (Exception e)
        {
            throw new ProgramInvocationException($"The entry point of job {jobId} failed on TaskManager {_taskManager} while its job graph was rebuilt: {e.Message}", e);
        }
        var streamGraph = executor.CapturedGraph ?? throw new ProgramInvocationException(
            $"The entry point of job {jobId} returned on TaskManager {_taskManager} without calling ExecuteAsync: it built no job graph.");
        return JobGraphType.FromStreamGraph(streamGraph, jobId, package);
    }

    private void Unload(LoadedJob job)
    {
        job.Context.Unload();
        TryDeleteDirectory(job.Directory);
        job.Blob.Dispose();
        _log.LogInformation("Unloaded the job package of job {JobId}: no task of it runs on this TaskManager.", job.JobId);
        Unloaded?.Invoke(job.JobId);
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not delete {Directory}: {Reason}", directory, e.Message);
        }
    }

    /// <summary>Removes the extracted packages and the blob cache (the TaskManager is shutting down).</summary>
    public void Dispose()
    {
        TryDeleteDirectory(_directory);
        _blobs.Dispose();
    }

    private sealed record LoadedJob(JobId JobId, JobGraphType Graph, JobPackageLoadContext Context, string Directory, SharedByKey<string, string>.Lease Blob);
}

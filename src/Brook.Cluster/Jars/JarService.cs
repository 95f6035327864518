using Brook.Cluster.Blob;
using Brook.Cluster.JobManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest;
using Brook.Rest.Gateway;
using Brook.Runtime.JobGraph;
using Brook.Streaming.Execution;
using Microsoft.Extensions.Logging;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Jars;

/// <summary>
/// The /jars endpoints' side of the JobManager: stores packages in the jar store and runs their entry points
/// in a collectible load context, with an environment that captures the plan or submits the job to the
/// Dispatcher. A program that throws, builds no job or neither submits nor returns within web.submit.timeout
/// answers 400 and the cluster carries on.
/// </summary>
public sealed class JarService : IJarGateway
{
    private readonly JarStore _store;
    private readonly JobPackages _packages;
    private readonly Dispatcher _dispatcher;
    private readonly Configuration _configuration;
    private readonly TimeProvider _time;
    private readonly TimeSpan _submitTimeout;
    private readonly ILogger _log;
    private int _runningEntryPoints;

    public JarService(JarStore store, Dispatcher dispatcher, Configuration configuration, TimeProvider time, ILoggerFactory logs)
    {
        _store = store;
        _dispatcher = dispatcher;
        _configuration = configuration;
        _time = time;
        _submitTimeout = configuration.Get(WebSubmissionOptions.SubmitTimeout);
        _log = logs.CreateLogger<JarService>();
        _packages = new JobPackages(logs.CreateLogger<JobPackages>());
        Blobs = new BlobServer(store);
    }

    public JarStore Store => _store;

    public JobPackages Packages => _packages;

    /// <summary>What the JobManager's blob service serves TaskManagers: the stored packages and those running jobs retain.</summary>
    internal BlobServer Blobs { get; }

    public async Task<string> UploadAsync(string uploadedFile, string fileName, CancellationToken cancellationToken)
    {
        if (!JarStore.HasPackageExtension(fileName)) throw new RestHandlerException("Only Jar files are allowed.", 400);
        try
        {
            await using var content = File.OpenRead(uploadedFile);
            var jar = await _store.UploadAsync(content, fileName, cancellationToken);
            _log.LogInformation("Stored job package {Id} (entry {Entry}).", jar.Id, jar.Info.EntryClass);
            return jar.Path;
        }
        catch (InvalidJobPackageException e)
        {
            throw new RestHandlerException($"The uploaded file {fileName} is not a valid job package: {e.Message}", 400);
        }
    }

    public IReadOnlyList<JarSnapshot> List() =>
        _store.List().Select(j => new JarSnapshot(j.Id, j.Name, j.UploadedMillis, j.Info.MainClasses)).ToList();

    public void Delete(string jarId)
    {
        if (!_store.Delete(jarId)) throw new RestHandlerException($"File {jarId} does not exist in {_store.UploadDir}.", 400);
        _packages.MarkDeleted(jarId);
        _log.LogInformation("Deleted job package {Id}.", jarId);
    }

    public async Task<JobPlanSnapshot> PlanAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken)
    {
        var jar = Find(jarId);
        var directory = await ExtractAsync(jar, cancellationToken);
        var executor = new PlanCapturingExecutor();
        var failure = await InvokeAsync(jar, directory, request, ConfigurationOf(request), executor, submitted: null);
        if (executor.CapturedGraph is { } graph)
        {
            return JobPlans.Plan(JobGraphType.FromStreamGraph(graph, request.JobId ?? JobId.Generate()));
        }
        throw Failed(failure ?? new ProgramInvocationException(
            "The program plan could not be fetched - the program aborted pre-maturely. The root cause may be that the main method doesn't call `env.ExecuteAsync()`."));
    }

    /// <summary>
    /// Answers as soon as the program has submitted its job, even if its entry point keeps running (Flink's
    /// detached web submission), or when the entry point has ended; web.submit.timeout bounds only the wait for a
    /// submission.
    /// </summary>
    public async Task<JobId> RunAsync(string jarId, JarProgramRequest request, CancellationToken cancellationToken)
    {
        var jar = Find(jarId);
        var directory = await ExtractAsync(jar, cancellationToken);
        var configuration = ConfigurationOf(request);
        // What a TaskManager needs to rebuild the job's graph: the package by its content key and how its entry point ran.
        var package = new JobPackageReference(jar.BlobKey, request.EntryClass, request.ProgramArgs.ToList(), request.Parallelism)
        {
            Configuration = configuration.Entries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        };
        var executor = new DispatcherPipelineExecutor(_dispatcher, request.JobId, package, () => LeaseForJob(jar, directory));
        var failure = await InvokeAsync(jar, directory, request, configuration, executor, executor.Submitted);
        if (executor.SubmittedJob is { } job)
        {
            // Once the job is submitted it runs whatever the program does afterwards: its id is the answer.
            _log.LogInformation("Job package {Jar} submitted job {JobId}.", jarId, job);
            return job;
        }
        if (failure is not null) throw Failed(failure);
        throw new RestHandlerException("No jobs included in application.", 400,
            new ProgramInvocationException("The program's entry point returned without calling env.ExecuteAsync(): it did not build a job."));
    }

    /// <summary>
    /// Entry points still running after their /plan or /run request was answered: programs that submitted their job
    /// and went on, and programs that outlived web.submit.timeout. Each is logged when its request is answered
    /// and again when its thread ends.
    /// </summary>
    public int RunningEntryPoints => Volatile.Read(ref _runningEntryPoints);

    /// <summary>Raised when <see cref="RunningEntryPoints"/> changed.</summary>
    public event Action? RunningEntryPointsChanged;

    private StoredJar Find(string jarId) =>
        _store.Get(jarId) ?? throw new RestHandlerException($"Jar file {Path.Combine(_store.UploadDir, jarId)} does not exist", 400);

    private async Task<string> ExtractAsync(StoredJar jar, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ExtractAsync(jar, cancellationToken);
        }
        catch (Exception e) when (e is InvalidJobPackageException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw CannotBeLoaded(jar, e);
        }
    }

    private Configuration ConfigurationOf(JarProgramRequest request) =>
        ProgramConfiguration.Effective(_configuration, request.Configuration, request.Parallelism);

    /// <summary>A job's hold on its package: its code stays loaded here and the blob service keeps serving it to TaskManagers.</summary>
    private IDisposable LeaseForJob(StoredJar jar, string directory)
    {
        var lease = Lease(jar, directory);
        try
        {
            var blob = Blobs.Retain(jar);
            // The blob goes first: once a deleted package is unloaded (JobPackages.Unloaded), it is no longer served either.
            return new CompositeLease(blob, lease);
        }
        catch (InvalidJobPackageException e)
        {
            lease.Dispose();
            throw CannotBeLoaded(jar, e);
        }
    }

    private sealed class CompositeLease(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    private JobPackageLease Lease(StoredJar jar, string directory)
    {
        try
        {
            return _packages.Acquire(jar, directory);
        }
        catch (InvalidJobPackageException e)
        {
            throw CannotBeLoaded(jar, e);
        }
    }

    private static RestHandlerException CannotBeLoaded(StoredJar jar, Exception e) =>
        new($"The job package {jar.Id} cannot be loaded: {e.Message}", 400, e);

    private static RestHandlerException Failed(ProgramInvocationException failure) => new("Could not execute application.", 400, failure);

    /// <summary>
    /// Runs the entry point on its own thread with the context installed; null when it returned, stopped after its
    /// plan was captured or submitted its job (<paramref name="submitted"/>), else why it failed. The package lease
    /// ends when the program's thread ends, even after the request was answered.
    /// </summary>
    private async Task<ProgramInvocationException?> InvokeAsync(StoredJar jar, string directory, JarProgramRequest request, Configuration configuration,
        IPipelineExecutor executor, Task? submitted)
    {
        var lease = Lease(jar, directory);
        System.Reflection.MethodInfo main;
        try
        {
            var assembly = lease.Context.LoadEntryAssembly();
            main = EntryPointInvoker.FindMain(assembly, request.EntryClass);
        }
        catch (Exception e)
        {
            lease.Dispose();
            if (e is InvalidJobPackageException) throw new RestHandlerException("Could not execute application.", 400, new ProgramInvocationException(e.Message));
            throw new RestHandlerException("Could not execute application.", 400,
                new ProgramInvocationException($"The program could not be loaded: {e.Message}", e));
        }
        var context = new StreamContext(executor, configuration, submitted is not null);
        var run = EntryPointInvoker.InvokeAsync(main, request.ProgramArgs.ToArray(), context, lease.Dispose);
        try
        {
            await (submitted is null ? run : Task.WhenAny(run, submitted)).WaitAsync(_submitTimeout, _time);
            if (!run.IsCompleted)
            {
                Track(jar, run, LogLevel.Information, "has submitted its job and keeps running");
                return null;
            }
            await run;
            return null;
        }
        catch (ProgramAbortException)
        {
            return null;
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
            Track(jar, run, LogLevel.Warning, $"did not return within {WebSubmissionOptions.SubmitTimeout.Key} ({_submitTimeout})");
            return new ProgramInvocationException(
                $"The program's entry point did not return within {WebSubmissionOptions.SubmitTimeout.Key} ({_submitTimeout}). It keeps running on its own thread until it returns.");
        }
        catch (Exception e)
        {
            _log.LogInformation(e, "The entry point of job package {Jar} failed.", jar.Id);
            return new ProgramInvocationException($"The main method caused an error: {e.Message}", e);
        }
    }

    /// <summary>Counts an entry point whose request is answered while its thread runs on, until that thread ends.</summary>
    private void Track(StoredJar jar, Task run, LogLevel level, string what)
    {
        var running = Interlocked.Increment(ref _runningEntryPoints);
        _log.Log(level, "The entry point of job package {Jar} {What}; its thread runs on ({Running} entry points running after their request was answered).",
            jar.Id, what, running);
        RunningEntryPointsChanged?.Invoke();
        _ = run.ContinueWith(t =>
        {
            var left = Interlocked.Decrement(ref _runningEntryPoints);
            if (t.Exception?.InnerException is { } e and not ProgramAbortException)
                _log.LogInformation(e, "The entry point of job package {Jar} ended with an error after its request was answered ({Running} still running).", jar.Id, left);
            else
                _log.LogInformation("The entry point of job package {Jar} returned after its request was answered ({Running} still running).", jar.Id, left);
            RunningEntryPointsChanged?.Invoke();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}

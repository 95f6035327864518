using Brook.Cluster.Jars;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Microsoft.Extensions.Logging.Abstractions;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Tests.Blob;

/// <summary>A TaskManager rebuilding a job's graph from its package: once per job, checked against the JobManager's, never run.</summary>
public sealed class JobGraphLibraryTests(BlobServiceFixture fixture) : IClassFixture<BlobServiceFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ResourceId _taskManager = ResourceId.Generate();
    private readonly string _files = Path.Combine(fixture.Root, "job-files-" + Guid.NewGuid().ToString("N"));
    private JobGraphLibrary? _library;

    private JobGraphLibrary Library => _library ??= new JobGraphLibrary(fixture.NewCache(), Path.Combine(fixture.Root, "packages-" + Guid.NewGuid().ToString("N")),
        _taskManager, JobPackageLimits.Default, TimeSpan.FromSeconds(30), NullLogger.Instance);

    private static readonly IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> NothingExpected = new Dictionary<JobVertexId, IReadOnlyList<OperatorId>>();

    private JobPackageReference Reference(string entryClass, IReadOnlyList<string> args, int parallelism) =>
        new(fixture.TestJobs.BlobKey, entryClass, args, parallelism)
        {
            Configuration = new Dictionary<string, string> { [CoreOptions.ParallelismDefault.Key] = parallelism.ToString() },
        };

    private static IReadOnlyDictionary<JobVertexId, IReadOnlyList<OperatorId>> OperatorIds(JobGraphType graph) =>
        graph.Vertices.ToDictionary(v => v.Id, v => (IReadOnlyList<OperatorId>)v.OperatorIdsInChainOrder.ToList());

    [Fact]
    public async Task Tasks_of_one_job_deployed_at_once_share_one_graph_built_once_and_the_last_to_go_unloads_it()
    {
        var job = JobId.Generate();
        var reference = Reference("Brook.TestJobs.FourVertices", ["10"], 2);
        var unloaded = new TaskCompletionSource<JobId>(TaskCreationOptions.RunContinuationsAsynchronously);
        Library.Unloaded += id => unloaded.TrySetResult(id);

        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Library.GetJobGraphAsync(job, reference, NothingExpected, CancellationToken.None)));
        Assert.Equal(1, Library.BuildCount);
        Assert.Equal(1, Library.Blobs.DownloadCount);
        var graph = Assert.Single(leases.Select(l => l.JobGraph).Distinct());
        Assert.Equal(job, graph.JobId);
        Assert.Equal(reference, graph.Package);
        Assert.Equal(["Source: Generator", "Double", "Increment", "Sink: Discard"], graph.Vertices.Select(v => v.Name));
        Assert.All(graph.Vertices, v => Assert.Equal(2, v.Parallelism));

        // A later task of the job checks its operators against the shared graph.
        using (var checkedLease = await Library.GetJobGraphAsync(job, reference, OperatorIds(graph), CancellationToken.None)) Assert.Same(graph, checkedLease.JobGraph);
        Assert.Equal(1, Library.BuildCount);

        foreach (var lease in leases.Skip(1)) lease.Dispose();
        Assert.Equal(1, Library.LoadedJobs);
        Assert.False(unloaded.Task.IsCompleted);
        leases[0].Dispose();
        Assert.Equal(job, await unloaded.Task.WaitAsync(Patience));
        Assert.Equal(0, Library.LoadedJobs);
        Assert.Equal(0, Library.Blobs.CachedCount);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Library.Blobs.Directory));
    }

    [Fact]
    public async Task A_graph_that_differs_on_the_rebuild_fails_the_deployment_naming_the_operator_and_the_job_never_runs()
    {
        Directory.CreateDirectory(_files);
        var version = Path.Combine(_files, "version");
        await File.WriteAllTextAsync(version, "v1");
        var reference = Reference("Brook.TestJobs.DiffersOnRebuild", [version], 1);

        // The JobManager's graph: the program as it ran there.
        JobGraphType jobManagerGraph;
        using (var lease = await Library.GetJobGraphAsync(JobId.Generate(), reference, NothingExpected, CancellationToken.None)) jobManagerGraph = lease.JobGraph;
        var vertex = Assert.Single(jobManagerGraph.Vertices);
        Assert.Equal("Source: Numbers -> Double -> Sink: Discard", vertex.Name);
        var jobManagerDouble = vertex.OperatorIds[vertex.ChainedNodes.Single(n => n.OperatorName == "Double").Id];
        Assert.False(File.Exists(version + ".executed"), "plan mode stops the program at ExecuteAsync: the job never runs on a TaskManager");

        // Rebuilt on the TaskManager after what the program reads changed.
        await File.WriteAllTextAsync(version, "v2");
        var job = JobId.Generate();
        var names = jobManagerGraph.Vertices.SelectMany(v => v.ChainedNodes.Select(n => (Id: v.OperatorIds[n.Id], n.OperatorName)))
            .ToDictionary(x => x.Id, x => x.OperatorName);
        var failure = await Assert.ThrowsAsync<JobGraphMismatchException>(() =>
            Library.GetJobGraphAsync(job, reference, OperatorIds(jobManagerGraph), CancellationToken.None, names));
        Assert.StartsWith($"The job graph rebuilt on TaskManager {_taskManager} differs from the JobManager's: operator 'Double' ({jobManagerDouble}) " +
                          $"of vertex 'Source: Numbers -> Double -> Sink: Discard' ({vertex.Id}) is missing; the rebuilt graph has operator 'Double' (", failure.Message);
        Assert.DoesNotContain($"({jobManagerDouble}) in its place", failure.Message);
        Assert.False(File.Exists(version + ".executed"));
        // The failed deployment held the job's graph only while it was checked.
        Assert.Equal(0, Library.LoadedJobs);
    }

    [Fact]
    public void A_difference_names_the_operator_from_the_rebuilt_graph_when_the_JobManager_sent_no_names()
    {
        var env = Streaming.StreamExecutionEnvironment.Create(new Streaming.Execution.PlanCapturingExecutor()).SetParallelism(1);
        env.FromSequence(1, 10).Name("Numbers").Map(v => v + 1).Name("Plus one").SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph("g"));
        var vertex = Assert.Single(graph.Vertices);
        var ids = vertex.OperatorIdsInChainOrder.ToList();
        Assert.Null(JobGraphLibrary.Difference(graph, OperatorIds(graph), null));

        var unknown = OperatorId.Generate();
        Assert.Equal($"operator {unknown} of vertex '{vertex.Name}' ({vertex.Id}) is missing; the rebuilt graph has operator 'Plus one' ({ids[1]}) in its place",
            JobGraphLibrary.Difference(graph, new Dictionary<JobVertexId, IReadOnlyList<OperatorId>> { [vertex.Id] = [ids[0], unknown, ids[2]] }, null));
        Assert.Equal($"operator 'Sink: Discard' ({ids[2]}) of vertex '{vertex.Name}' ({vertex.Id}) is not in the JobManager's graph",
            JobGraphLibrary.Difference(graph, new Dictionary<JobVertexId, IReadOnlyList<OperatorId>> { [vertex.Id] = [ids[0], ids[1]] }, null));
        var otherVertex = new JobVertexId(OperatorId.Generate().Hex);
        Assert.Equal($"operator 'Plus one' ({ids[1]}) of vertex {otherVertex} is chained in vertex '{vertex.Name}' ({vertex.Id}) instead",
            JobGraphLibrary.Difference(graph, new Dictionary<JobVertexId, IReadOnlyList<OperatorId>> { [otherVertex] = [ids[1]] }, null));
    }

    [Fact]
    public async Task An_entry_point_that_fails_on_the_rebuild_fails_the_deployment_and_leaves_nothing_loaded()
    {
        var failure = await Assert.ThrowsAsync<ProgramInvocationException>(() =>
            Library.GetJobGraphAsync(JobId.Generate(), Reference("Brook.TestJobs.ThrowsInMain", [], 1), NothingExpected, CancellationToken.None));
        Assert.Contains("The test program failed on purpose before building its pipeline.", failure.Message);
        Assert.Equal(0, Library.LoadedJobs);
        Assert.Equal(0, Library.Blobs.CachedCount);

        var noJob = await Assert.ThrowsAsync<ProgramInvocationException>(() =>
            Library.GetJobGraphAsync(JobId.Generate(), Reference("Brook.TestJobs.NeverExecutes", [], 1), NothingExpected, CancellationToken.None));
        Assert.Contains("without calling ExecuteAsync", noJob.Message);

        var missingClass = await Assert.ThrowsAsync<InvalidJobPackageException>(() =>
            Library.GetJobGraphAsync(JobId.Generate(), Reference("Brook.TestJobs.NoSuchClass", [], 1), NothingExpected, CancellationToken.None));
        Assert.Contains("'Brook.TestJobs.NoSuchClass' was not found", missingClass.Message);
        Assert.Equal(0, Library.LoadedJobs);
    }

    [Fact]
    public async Task The_jobs_load_context_is_unloaded_and_collected_once_its_last_lease_is_gone()
    {
        var job = JobId.Generate();
        var unloading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = await LoadAndReleaseAsync(job, unloading);
        await unloading.Task.WaitAsync(Patience);
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(context.IsAlive, "nothing may keep the job's code loaded once no task of it runs on the TaskManager");
    }

    /// <summary>Not inlined: nothing of the job may stay on the test's stack.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<WeakReference> LoadAndReleaseAsync(JobId job, TaskCompletionSource unloading)
    {
        var first = await Library.GetJobGraphAsync(job, Reference("Brook.TestJobs.EventTimeWindows", ["10"], 1), NothingExpected, CancellationToken.None);
        var second = await Library.GetJobGraphAsync(job, Reference("Brook.TestJobs.EventTimeWindows", ["10"], 1), NothingExpected, CancellationToken.None);
        var context = System.Runtime.Loader.AssemblyLoadContext.All.Single(c => c.Name == "job-" + job.Hex);
        context.Unloading += _ => unloading.TrySetResult();
        Assert.Equal(2, first.JobGraph.Vertices.Count);
        first.Dispose();
        Assert.False(unloading.Task.IsCompleted, "a task of the job still runs");
        second.Dispose();
        return new WeakReference(context);
    }

    public void Dispose() => _library?.Dispose();
}

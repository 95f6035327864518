using System.Collections.Concurrent;
using Brook.Cluster.Rpc;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.JobGraph;
using Microsoft.Extensions.Logging.Abstractions;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.Cluster.Tests.Blob;

/// <summary>
/// A job run from a package on a JobManager with an RPC endpoint: its graph names the package, a TaskManager downloads it from the
/// JobManager's blob service and rebuilds the very same graph, and the package stays served while the job runs even after its jar
/// was deleted.
/// </summary>
public sealed class JobPackageDeploymentTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "brook-deploy-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<JobId, JobMasterType> _jobMasters = new();
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(new Configuration()
                .Set(CoreOptions.RestPort, 0)
                .Set(ClusterRpcOptions.JobManagerRpcPort, 0)
                .SetRaw(CoreOptions.LogDir.Key, Path.Combine(_root, "log"))
                .SetRaw(CoreOptions.WebUploadDir.Key, Path.Combine(_root, "upload")),
            new LocalClusterOptions(NumberOfTaskManagers: 1) { AcceptTaskManagerProcesses = true });
        _cluster.Dispatcher.JobMasterCreated += jm => _jobMasters[jm.JobId] = jm;
    }

    [Fact]
    public async Task A_TaskManager_rebuilds_the_JobManagers_graph_from_the_package_served_while_the_job_runs()
    {
        await _cluster.Jars.UploadAsync(BlobServiceFixture.Package("Brook.TestJobs.jar"), "Brook.TestJobs.jar", CancellationToken.None);
        var jar = Assert.Single(_cluster.Jars.Store.List());
        var job = await _cluster.Jars.RunAsync(jar.Id, new JarProgramRequest("Brook.TestJobs.FourVertices", ["10"], 2, null,
            new Dictionary<string, string> { ["pipeline.name"] = "served" }), CancellationToken.None);
        var jobManagerGraph = _jobMasters[job].JobGraph;

        var package = Assert.IsType<JobPackageReference>(jobManagerGraph.Package);
        Assert.Equal(jar.BlobKey, package.BlobKey);
        Assert.Equal("Brook.TestJobs.FourVertices", package.EntryClass);
        Assert.Equal(["10"], package.ProgramArgs);
        Assert.Equal(2, package.Parallelism);
        Assert.Equal("2", package.Configuration[CoreOptions.ParallelismDefault.Key]);
        Assert.Equal("served", package.Configuration["pipeline.name"]);

        // A TaskManager with a configuration of its own: the package's configuration decides the graph.
        var taskManager = ResourceId.Generate();
        using var channel = RpcChannels.Open("127.0.0.1", _cluster.RpcEndPoint!.Port);
        using var library = JobGraphLibrary.Create(new Configuration()
                .Set(CoreOptions.ParallelismDefault, 5)
                .SetRaw(TaskManagerWorkingDirectory.WorkingDir.Key, Path.Combine(_root, "tm")),
            taskManager, RpcChannels.Versioned(channel), NullLoggerFactory.Instance);
        Assert.StartsWith(Path.Combine(_root, "tm", "tm_" + taskManager.Hex), library.Blobs.Directory);
        var expected = jobManagerGraph.Vertices.ToDictionary(v => v.Id, v => (IReadOnlyList<OperatorId>)v.OperatorIdsInChainOrder.ToList());
        using (var lease = await library.GetJobGraphAsync(job, package, expected, CancellationToken.None))
        {
            Assert.Equal(job, lease.JobGraph.JobId);
            Assert.Equal(jobManagerGraph.Vertices.Select(v => (v.Id, v.Name, v.Parallelism)), lease.JobGraph.Vertices.Select(v => (v.Id, v.Name, v.Parallelism)));
            Assert.Equal(jobManagerGraph.Edges.Select(e => e.ResultId), lease.JobGraph.Edges.Select(e => e.ResultId));
        }

        // DELETE /jars/:jarid while the job runs: TaskManagers (a restarted one, a new deployment) still get the package.
        var unloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster.Jars.Packages.Unloaded += id =>
        {
            if (id == jar.Id) unloaded.TrySetResult();
        };
        _cluster.Jars.Delete(jar.Id);
        using (var again = await library.Blobs.AcquireAsync(package.BlobKey, CancellationToken.None)) Assert.True(File.Exists(again.Value));
        Assert.Equal(2, library.Blobs.DownloadCount);

        // Once the job has ended nothing holds the package: it is no longer served.
        _cluster.Dispatcher.CancelJob(job);
        await unloaded.Task.WaitAsync(Patience);
        var gone = await Assert.ThrowsAsync<BlobDownloadException>(() => library.Blobs.AcquireAsync(package.BlobKey, CancellationToken.None));
        Assert.Contains("NotFound", gone.Message);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Tests;

/// <summary>A gateway over fixed snapshots, for building the endpoint table without a cluster.</summary>
internal sealed class FakeGateway : IRestfulGateway
{
    public ClusterInformation Cluster { get; init; } = new([], 3000, new EnvironmentSnapshot("v", "x64", [], []),
        new LogLocation(Path.GetTempPath(), () => null, "none.out"));

    public List<TaskManagerSnapshot> TaskManagers { get; } = [];

    public List<JobDetailsSnapshot> Jobs { get; } = [];

    public int ShutdownRequests { get; private set; }

    public IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers() => TaskManagers;

    public TaskManagerSnapshot? RequestTaskManager(ResourceId id) => TaskManagers.FirstOrDefault(t => t.Id == id);

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() => Jobs;

    public ProcessMetricsSnapshot RequestProcessMetrics() => new(1, 2, 3, 4, 5, -1, []);

    public void ShutDownCluster() => ShutdownRequests++;
}

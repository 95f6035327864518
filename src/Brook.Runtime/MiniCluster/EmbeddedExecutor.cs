using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.Runtime.MiniCluster;

/// <summary>
/// Runs each pipeline on its own embedded MiniCluster, shut down when its job ends — unless the job left cached results
/// (DataStream.Cache()) on it: then the cluster is kept and runs the environment's next jobs (growing by TaskManagers
/// when a job needs more slots), so they can read the cached results, until it holds none and no job runs on it.
/// </summary>
public sealed class EmbeddedExecutor(Configuration configuration, TimeProvider? time = null) : ICacheSupportedPipelineExecutor
{
    private readonly Lock _lock = new();
    private MiniCluster? _kept;
    private int _jobsOnKept;

    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
    {
        var jobGraph = JobGraph.JobGraph.FromStreamGraph(streamGraph);
        MiniCluster cluster;
        lock (_lock)
        {
            if (_kept is { } kept)
            {
                kept.EnsureFreeSlots(jobGraph.MaximumParallelism);
                _jobsOnKept++;
                cluster = kept;
            }
            else
            {
                // Its metrics are unreachable (the cluster is this executor's own, without REST or reporters).
                cluster = new MiniCluster(ClusterConfiguration(streamGraph, jobGraph), time, logs: null, metricsDumped: false);
            }
        }
        var jobMaster = cluster.SubmitJob(jobGraph);
        _ = jobMaster.ResultTask.ContinueWith(_ => OnJobEnded(cluster), TaskScheduler.Default).Unwrap();
        return Task.FromResult<IJobClient>(new JobMasterJobClient(jobMaster));
    }

    private Configuration ClusterConfiguration(StreamGraph streamGraph, JobGraph.JobGraph jobGraph)
    {
        var conf = configuration.Copy();
        foreach (var (k, v) in streamGraph.Configuration.Entries()) conf.SetRaw(k, v);
        if (!conf.Contains(CoreOptions.NumberOfTaskSlots))
        {
            // As Flink's local environment: one TaskManager with a slot per subtask of the widest vertex.
            conf.Set(CoreOptions.NumberOfTaskSlots, jobGraph.MaximumParallelism);
        }
        return conf;
    }

    /// <summary>Keeps a cluster that holds cached results for the next jobs; shuts down one that holds none and runs nothing.</summary>
    private Task OnJobEnded(MiniCluster cluster)
    {
        lock (_lock)
        {
            var holdsCache = cluster.ResourceManager.ListDataSets().Count > 0;
            if (cluster == _kept)
            {
                _jobsOnKept--;
                if (holdsCache || _jobsOnKept > 0) return Task.CompletedTask;
                _kept = null;
            }
            else if (holdsCache && _kept is null)
            {
                _kept = cluster;
                return Task.CompletedTask;
            }
        }
        return cluster.DisposeAsync().AsTask();
    }

    public Task<IReadOnlySet<IntermediateDataSetId>> ListCompletedClusterDatasetsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlySet<IntermediateDataSetId> completed = _kept?.ResourceManager.ListDataSets().Where(kv => kv.Value.IsComplete).Select(kv => kv.Key).ToHashSet()
                ?? [];
            return Task.FromResult(completed);
        }
    }

    public async Task InvalidateClusterDatasetAsync(IntermediateDataSetId dataSet, CancellationToken cancellationToken)
    {
        MiniCluster? cluster;
        lock (_lock) cluster = _kept;
        if (cluster is null) return;
        await cluster.ResourceManager.ReleaseClusterPartitionsAsync(dataSet).WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_kept != cluster || _jobsOnKept > 0 || cluster.ResourceManager.ListDataSets().Count > 0) return;
            _kept = null;
        }
        await cluster.DisposeAsync().ConfigureAwait(false);
    }
}

using Brook.Core.Configuration;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.Runtime.MiniCluster;

/// <summary>Runs each pipeline on its own embedded MiniCluster.</summary>
public sealed class EmbeddedExecutor(Configuration configuration, TimeProvider? time = null) : IPipelineExecutor
{
    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
    {
        var jobGraph = JobGraph.JobGraph.FromStreamGraph(streamGraph);
        var conf = configuration.Copy();
        foreach (var (k, v) in streamGraph.Configuration.Entries()) conf.SetRaw(k, v);
        if (!conf.Contains(CoreOptions.NumberOfTaskSlots))
        {
            // As Flink's local environment: one TaskManager with a slot per subtask of the widest vertex.
            conf.Set(CoreOptions.NumberOfTaskSlots, jobGraph.MaximumParallelism);
        }
        var cluster = new MiniCluster(conf, time);
        var jobMaster = cluster.SubmitJob(jobGraph);
        _ = jobMaster.ResultTask.ContinueWith(_ => cluster.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
        return Task.FromResult<IJobClient>(new JobMasterJobClient(jobMaster));
    }
}

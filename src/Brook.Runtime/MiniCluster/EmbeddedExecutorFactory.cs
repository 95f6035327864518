using Brook.Core.Configuration;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;

namespace Brook.Runtime.MiniCluster;

/// <summary>
/// What Brook.Streaming finds by name when a program runs without a cluster context: an executor that
/// starts an embedded MiniCluster per job (with as many slots as the job needs unless configured), runs
/// the job on it and shuts it down when the job ends — so `dotnet run` of a job project just works.
/// </summary>
public sealed class EmbeddedExecutorFactory : IPipelineExecutorFactory
{
    public IPipelineExecutor Create(Configuration configuration) => new EmbeddedExecutor(configuration);
}

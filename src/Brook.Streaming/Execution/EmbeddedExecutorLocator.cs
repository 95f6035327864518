using Brook.Core.Configuration;

namespace Brook.Streaming.Execution;

/// <summary>
/// Finds the embedded local cluster when no context is installed: Brook.Runtime (referenced by job
/// projects that want `dotnet run` to work) provides <c>Brook.Runtime.MiniCluster.EmbeddedExecutorFactory</c>.
/// Streaming cannot reference Runtime (dependencies point the other way), so it is found by name at run time.
/// </summary>
internal static class EmbeddedExecutorLocator
{
    private const string FactoryTypeName = "Brook.Runtime.MiniCluster.EmbeddedExecutorFactory, Brook.Runtime";

    public static IPipelineExecutor Create(Configuration configuration)
    {
        var type = Type.GetType(FactoryTypeName, throwOnError: false)
            ?? throw new InvalidOperationException(
                "No executor: this program runs outside a Brook cluster and Brook.Runtime is not available. " +
                "Reference the Brook.Runtime package to run jobs on an embedded local cluster, or submit the job to a cluster.");
        var factory = (IPipelineExecutorFactory)Activator.CreateInstance(type)!;
        return factory.Create(configuration);
    }
}
